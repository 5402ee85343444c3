package io.doorman.checks;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The trust a probe checks a front door's certificate with: the JDK's CAs, plus those of a PEM file the caller
 * gives (a private CA, or a test's self-signed certificate); and a diagnosing variant that records why a
 * certificate was refused (not trusted, expired, or not for this host).
 */
final class ProbeTrust {

    /** Why a certificate was refused, or that it was not. */
    enum Verdict { NOT_CHECKED, VALID, NOT_TRUSTED, EXPIRED, WRONG_HOST }

    private ProbeTrust() {
    }

    /** A TLS context trusting the JDK's CAs and those in {@code extraCaPem} (null: the JDK's only). */
    static SSLContext context(Path extraCaPem) throws GeneralSecurityException, IOException {
        return contextWith(trustManager(extraCaPem));
    }

    static SSLContext contextWith(X509ExtendedTrustManager tm) throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {tm}, null);
        return ctx;
    }

    /** The JDK's CAs, then the file's: a chain either accepts is accepted. */
    static X509ExtendedTrustManager trustManager(Path extraCaPem) throws GeneralSecurityException, IOException {
        List<X509ExtendedTrustManager> all = new ArrayList<>();
        all.add(fromKeyStore(null));
        if (extraCaPem != null) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            try (InputStream in = Files.newInputStream(extraCaPem)) {
                int i = 0;
                for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    ks.setCertificateEntry("extra" + i++, cert);
                }
                if (i == 0) {
                    throw new CertificateException("no certificate in the CA file");
                }
            }
            all.add(fromKeyStore(ks));
        }
        return new AnyOf(all);
    }

    private static X509ExtendedTrustManager fromKeyStore(KeyStore ks) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager in this JDK");
    }

    /** Judges server chains only: a probe is always the client of its handshake, so any client chain is refused. */
    private abstract static class ServerOnly extends X509ExtendedTrustManager {

        @Override
        public final void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a probe does not accept clients");
        }

        @Override
        public final void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("a probe does not accept clients");
        }

        @Override
        public final void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("a probe does not accept clients");
        }
    }

    /** Accepts a server chain when any delegate does. */
    private static final class AnyOf extends ServerOnly {
        private final List<X509ExtendedTrustManager> delegates;

        AnyOf(List<X509ExtendedTrustManager> delegates) {
            this.delegates = List.copyOf(delegates);
        }

        private interface Call {
            void check(X509ExtendedTrustManager tm) throws CertificateException;
        }

        private void firstThatAccepts(Call call) throws CertificateException {
            CertificateException first = null;
            for (X509ExtendedTrustManager tm : delegates) {
                try {
                    call.check(tm);
                    return;
                } catch (CertificateException e) {
                    first = first == null ? e : first;
                }
            }
            throw first;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            firstThatAccepts(tm -> tm.checkServerTrusted(chain, authType));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            firstThatAccepts(tm -> tm.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            firstThatAccepts(tm -> tm.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegates.stream().flatMap(tm -> Arrays.stream(tm.getAcceptedIssuers()))
                    .toArray(X509Certificate[]::new);
        }
    }

    /**
     * Wraps a trust manager and records, for the one handshake it is used for, why the chain was refused: first
     * the chain alone (trust, validity), then with the socket, which adds the host-name check.
     */
    static final class Diagnosing extends ServerOnly {
        private final X509ExtendedTrustManager delegate;
        private volatile Verdict verdict = Verdict.NOT_CHECKED;
        private volatile X509Certificate leaf;

        Diagnosing(X509ExtendedTrustManager delegate) {
            this.delegate = delegate;
        }

        Verdict verdict() {
            return verdict;
        }

        /** The server's certificate, once a handshake got that far; null before. */
        X509Certificate leaf() {
            return leaf;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            leaf = chain.length > 0 ? chain[0] : null;
            try {
                delegate.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                verdict = expired(chain) ? Verdict.EXPIRED : Verdict.NOT_TRUSTED;
                throw e;
            }
            try {
                delegate.checkServerTrusted(chain, authType, socket);
            } catch (CertificateException e) {
                verdict = Verdict.WRONG_HOST;
                throw e;
            }
            verdict = Verdict.VALID;
        }

        private static boolean expired(X509Certificate[] chain) {
            for (X509Certificate c : chain) {
                try {
                    c.checkValidity();
                } catch (CertificateExpiredException e) {
                    return true;
                } catch (CertificateException e) {
                    // Not yet valid: reported as not trusted.
                }
            }
            return false;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the probe checks with its socket, for the host name");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("the probe checks with its socket, for the host name");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }
}
