package io.doorman.livetv;

import io.doorman.proxy.Header;
import io.doorman.proxy.RequestHead;
import io.doorman.proxy.ResponseAction;
import io.doorman.proxy.ResponseHead;
import io.doorman.proxy.ResponsePolicy;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The response half of Live TV: on the few Plex paths that carry entitlement hints or provider names, a
 * {@code 200} XML/JSON body no larger than the limit is held, decoded from gzip when needed, given its
 * {@code allowTuners} hints and provider labels, and re-encoded. Every other response streams untouched, at
 * once, and so does a body that turns out larger than the limit, is not valid gzip, or needs no change.
 */
public final class LiveTvResponseRewriter implements ResponsePolicy {

    /** PMS's validator names PMS's bytes, not the rewritten ones: a cache must not match one against the other. */
    private static final List<Header> CHANGED_BODY_EDITS = List.of(new Header("ETag", null));

    private final boolean allowTuners;
    private final ProviderLabels labels;
    private final boolean spoofIdentity;
    private final int maxBytes;
    private final RewriteMemo memo = new RewriteMemo();

    /**
     * @param allowTuners   rewrite the hints (under {@code -elevate-live-tv})
     * @param labels        the provider label map, or null when labels are off
     * @param spoofIdentity show provider labels as the server's name ({@code -spoof-identity}, needs labels)
     * @param maxBytes      the largest body held in memory, before and after gzip decoding
     */
    public LiveTvResponseRewriter(boolean allowTuners, ProviderLabels labels, boolean spoofIdentity, int maxBytes) {
        this.allowTuners = allowTuners;
        this.labels = labels;
        this.spoofIdentity = spoofIdentity && labels != null;
        this.maxBytes = maxBytes;
    }

    /** Whether a {@code GET} on this path may have its response rewritten (then its Accept-Encoding is narrowed). */
    public boolean mayRewrite(String path) {
        return allowTunersPath(path) || labelPath(path) || spoofPath(path);
    }

    private boolean allowTunersPath(String path) {
        return allowTuners && AllowTunersRewriter.hintPath(path);
    }

    private boolean labelPath(String path) {
        return labels != null && (path.equals("/media/providers") || ProviderPaths.isProviderScoped(path));
    }

    private boolean spoofPath(String path) {
        return spoofIdentity && (path.equals("/") || path.equals("/identity"));
    }

    @Override
    public boolean mayTransform(RequestHead request) {
        return request.method().equals("GET") && mayRewrite(request.rawPath());
    }

    @Override
    public ResponseAction onResponse(RequestHead request, Object attachment, ResponseHead response) {
        if (response.status() != 200) { // a GET on a rewritable path: mayTransform said so
            return ResponseAction.STREAM;
        }
        String path = request.rawPath();
        if (!AllowTunersRewriter.textType(response.header("Content-Type"))
                || response.contentLength() > maxBytes) {
            return ResponseAction.STREAM;
        }
        String encoding = response.header("Content-Encoding");
        boolean gzip = GzipBodies.isGzip(encoding);
        if (!gzip && encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
            return ResponseAction.STREAM; // br, deflate, …: PMS ignored the narrowed Accept-Encoding
        }
        String referer = request.header("Referer");
        return new ResponseAction.Transform(maxBytes, (head, body) -> rewrite(path, referer, head, body, gzip));
    }

    private ResponseAction.Transformed rewrite(String path, String referer, ResponseHead head, byte[] body,
            boolean gzip) {
        Map<String, String> map = labels == null ? Map.of() : labels.current();
        String contentType = head.header("Content-Type");
        String named = spoofPath(path) && referer != null ? RefererProvider.identifier(referer) : null;
        String context = path + '\n' + gzip + '\n' + contentType + '\n' + named;
        RewriteMemo.Result seen = memo.find(context, map, body);
        if (seen != RewriteMemo.MISS) {
            return seen.body() == null ? null : new ResponseAction.Transformed(seen.body(), CHANGED_BODY_EDITS);
        }
        byte[] out = rewritten(path, named, map, body, gzip, contentType);
        memo.remember(context, map, body, out);
        return out == null ? null : new ResponseAction.Transformed(out, CHANGED_BODY_EDITS);
    }

    /** The new body (gzip-encoded again when it came so), or null when it stays as it came. */
    private byte[] rewritten(String path, String named, Map<String, String> map, byte[] body, boolean gzip,
            String contentType) {
        byte[] plain = gzip ? GzipBodies.decode(body, maxBytes) : body;
        if (plain == null) {
            return null; // not valid gzip, or too large decoded: the original bytes go out untouched
        }
        byte[] out = allowTunersPath(path) ? AllowTunersRewriter.rewrite(plain) : plain;
        if (!map.isEmpty() && isXml(contentType, out)) {
            out = relabel(path, named, map, out);
        }
        if (out == plain) {
            return null;
        }
        return gzip ? GzipBodies.encode(out) : out;
    }

    /** Provider names; JSON bodies are left alone (as the Go tool does). */
    private byte[] relabel(String path, String named, Map<String, String> map, byte[] xml) {
        if (path.equals("/media/providers")) {
            return ProviderXmlRewriter.mediaProviders(xml, map, spoofIdentity);
        }
        String id = ProviderPaths.identifier(path);
        if (id != null) {
            String label = map.get(id);
            return label == null ? xml : ProviderXmlRewriter.providerPage(xml, id, label);
        }
        String label = named == null ? null : map.get(named);
        return label == null ? xml : ProviderXmlRewriter.spoofIdentity(xml, label);
    }

    /** An XML content type, or none and a (decoded) body that starts like XML. */
    static boolean isXml(String contentType, byte[] body) {
        if (contentType != null && !contentType.isBlank()) {
            return contentType.toLowerCase(Locale.ROOT).contains("xml");
        }
        for (byte b : body) {
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t' || b == (byte) 0xEF || b == (byte) 0xBB
                    || b == (byte) 0xBF) {
                continue; // whitespace or a UTF-8 byte order mark
            }
            return b == '<';
        }
        return false;
    }
}
