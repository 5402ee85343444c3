package io.doorman.plex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.sun.net.httpserver.HttpServer;
import io.doorman.plex.PreferencesXmlException.Reason;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerTokenImportTest {

    private static final String TOKEN = "ownerTOKENxyz123";
    private static final String UUID = "5d0f3b1c-3a4e-4f6b-9c8d-7e6f5a4b3c2d";
    private static final String PROCESSED = "0123456789abcdef0123456789abcdef01234567";
    private static final String PREFS = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
            + "<Preferences OldestPreviousVersion="
            + "\"1.32.5.7349-8f4248874\" MachineIdentifier=\"" + UUID + "\" ProcessedMachineIdentifier=\"" + PROCESSED
            + "\" AnonymousMachineIdentifier=\"8c4b5a6d-1e2f-4a3b-9c8d-0e1f2a3b4c5d\" AcceptedEULA=\"1\""
            + " FriendlyName=\"Basement &amp; Co\" PublishServerOnPlexOnlineKey=\"1\" PlexOnlineToken=\"" + TOKEN
            + "\" PlexOnlineUsername=\"owner\" PlexOnlineMail=\"owner@example.com\" PlexOnlineHome=\"1\"/>\n";

    @TempDir
    Path root;

    private OwnerTokenImport importer() {
        return new OwnerTokenImport(PreferencesXmlLocations.under(root), new PreferencesXml());
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private Path linuxFile() {
        return root.resolve("var/lib/plexmediaserver/Library/Application Support/Plex Media Server/Preferences.xml");
    }

    private Path dockerFile() {
        return root.resolve("config/Library/Application Support/Plex Media Server/Preferences.xml");
    }

    /** The failure, checked to be a clean one: this reason, and the token nowhere in its text. */
    private static PreferencesXmlException failure(ThrowingCallable call, Reason reason) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(t).isInstanceOf(PreferencesXmlException.class);
        PreferencesXmlException e = (PreferencesXmlException) t;
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.getMessage()).doesNotContain(TOKEN);
        assertThat(e.toString()).doesNotContain(TOKEN);
        return e;
    }

    @Test
    void theLinuxPackagesFileGivesTheTokenAndIdentity() throws Exception {
        Path file = write(linuxFile(), PREFS);
        PreferencesXmlOwner owner = importer().importFrom("linux", null);
        assertThat(owner.path()).isEqualTo(file);
        assertThat(owner.token().reveal()).isEqualTo(TOKEN);
        assertThat(owner.tokenFingerprint()).isEqualTo(PlexTokens.fingerprint(TOKEN)).startsWith("sha256:");
        assertThat(owner.machineIdentifier()).contains(UUID);
        assertThat(owner.processedMachineIdentifier()).contains(PROCESSED);
        assertThat(owner.serverIdentifier()).contains(PROCESSED);
        assertThat(owner.friendlyName()).contains("Basement & Co");
        assertThat(owner.toString()).doesNotContain(TOKEN).contains(owner.tokenFingerprint());
    }

    @Test
    void anApplicationSupportDirSetInEtcDefaultIsTriedFirst() throws Exception {
        write(linuxFile(), PREFS.replace(TOKEN, "standardPlaceToken"));
        write(root.resolve("etc/default/plexmediaserver"), "# comment\n"
                + "export PLEX_MEDIA_SERVER_APPLICATION_SUPPORT_DIR=\"/srv/plex/support\"\n");
        Path moved = write(root.resolve("srv/plex/support/Plex Media Server/Preferences.xml"), PREFS);
        PreferencesXmlOwner owner = importer().importFrom("linux", null);
        assertThat(owner.path()).isEqualTo(moved);
        assertThat(owner.token().reveal()).isEqualTo(TOKEN);
    }

    @Test
    void aLinuxFileInNeitherPlaceNamesBothPathsTried() throws Exception {
        write(root.resolve("etc/default/plexmediaserver"), "PLEX_MEDIA_SERVER_APPLICATION_SUPPORT_DIR=/srv/x\n");
        PreferencesXmlException e = failure(() -> importer().importFrom("linux", null), Reason.NOT_FOUND);
        assertThat(e.getMessage()).contains(root.resolve("srv/x/Plex Media Server/Preferences.xml").toString())
                .contains(linuxFile().toString());
    }

    @Test
    void theDockerImagesFileUnderConfig() throws Exception {
        Path file = write(dockerFile(), PREFS);
        PreferencesXmlOwner owner = importer().importFrom("docker", null);
        assertThat(owner.path()).isEqualTo(file);
        assertThat(owner.tokenFingerprint()).isEqualTo(PlexTokens.fingerprint(TOKEN));
        PreferencesXmlException e = failure(() -> importer().importFrom("linux", null), Reason.NOT_FOUND);
        assertThat(e.getMessage()).contains(linuxFile().toString());
    }

    @Test
    void aGivenPathAsAFileOrItsDirectory() throws Exception {
        Path file = write(root.resolve("backup/Preferences.xml"), PREFS);
        assertThat(importer().importFrom("path", file.toString()).path()).isEqualTo(file);
        assertThat(importer().importFrom("path", file.getParent().toString()).path()).isEqualTo(file);
        PreferencesXmlException e = failure(() -> importer().importFrom("path", root.resolve("nope.xml").toString()),
                Reason.NOT_FOUND);
        assertThat(e.getMessage()).isEqualTo("no Preferences.xml at " + root.resolve("nope.xml"));
    }

    @Test
    void badInputNamesTheField() {
        assertThat(failure(() -> importer().importFrom("windows", null), Reason.BAD_INPUT).field()).contains("source");
        assertThat(failure(() -> importer().importFrom((String) null, null), Reason.BAD_INPUT).field())
                .contains("source");
        assertThat(failure(() -> importer().importFrom("path", " "), Reason.BAD_INPUT).field()).contains("path");
        PreferencesXmlException relative = failure(() -> importer().importFrom("path", "Preferences.xml"),
                Reason.BAD_INPUT);
        assertThat(relative.field()).contains("path");
        assertThat(relative.getMessage()).isEqualTo("path must be absolute");
    }

    @Test
    void permissionDeniedSaysHowToGetIn() throws Exception {
        Path file = write(dockerFile(), PREFS);
        PreferencesXml refusing = new PreferencesXml(p -> {
            throw new AccessDeniedException(p.toString());
        });
        OwnerTokenImport importer = new OwnerTokenImport(PreferencesXmlLocations.under(root), refusing);
        PreferencesXmlException e = failure(() -> importer.importFrom("docker", null), Reason.PERMISSION_DENIED);
        assertThat(e.getMessage()).contains(file.toString()).contains("plex user").contains("paste the token");
    }

    @Test
    void anUnreadableFileOnDiskIsPermissionDenied() throws Exception {
        Path file = write(root.resolve("locked/Preferences.xml"), PREFS);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeThat(Files.isReadable(file)).as("running as a user that can read any file (root)").isFalse();
        failure(() -> importer().importFrom("path", file.toString()), Reason.PERMISSION_DENIED);
    }

    @Test
    void notXmlIsAnErrorThatNeverQuotesTheFile() throws Exception {
        Path cut = write(root.resolve("cut/Preferences.xml"),
                "<?xml version=\"1.0\"?>\n<Preferences PlexOnlineToken=\"" + TOKEN + "\" Friendly");
        PreferencesXmlException e = failure(() -> importer().importFrom("path", cut.toString()),
                Reason.NOT_PREFERENCES);
        assertThat(e.getMessage()).startsWith(cut + " is not well-formed XML");
        Path binary = write(root.resolve("bin/Preferences.xml"), "\u0000\u0001" + TOKEN);
        failure(() -> importer().importFrom("path", binary.toString()), Reason.NOT_PREFERENCES);
        Path other = write(root.resolve("other/Preferences.xml"),
                "<MediaContainer PlexOnlineToken=\"" + TOKEN + "\"/>");
        assertThat(failure(() -> importer().importFrom("path", other.toString()), Reason.NOT_PREFERENCES)
                .getMessage()).endsWith("its root element is not <Preferences>");
        Path empty = write(root.resolve("empty/Preferences.xml"), "");
        failure(() -> importer().importFrom("path", empty.toString()), Reason.NOT_PREFERENCES);
    }

    @Test
    void noTokenMeansNotClaimedOrSignedOut() throws Exception {
        Path none = write(root.resolve("none/Preferences.xml"),
                PREFS.replace(" PlexOnlineToken=\"" + TOKEN + "\"", ""));
        PreferencesXmlException e = failure(() -> importer().importFrom("path", none.toString()), Reason.NO_TOKEN);
        assertThat(e.getMessage()).contains(none.toString()).contains("PlexOnlineToken").contains("not claimed");
        Path blank = write(root.resolve("blank/Preferences.xml"), PREFS.replace(TOKEN, " "));
        failure(() -> importer().importFrom("path", blank.toString()), Reason.NO_TOKEN);
    }

    @Test
    void aFileOverOneMebibyteIsNotRead() throws Exception {
        Path big = write(root.resolve("big/Preferences.xml"),
                PREFS.replace("/>", " Padding=\"" + "x".repeat(PreferencesXml.MAX_BYTES) + "\"/>"));
        assertThat(failure(() -> importer().importFrom("path", big.toString()), Reason.TOO_LARGE).getMessage())
                .contains("1 MiB");
        // Just under the limit is still a Preferences.xml.
        String padded = PREFS.replace("/>", " Padding=\"\"/>");
        Path fits = write(root.resolve("fits/Preferences.xml"), padded.replace("Padding=\"\"",
                "Padding=\"" + "x".repeat(PreferencesXml.MAX_BYTES - padded.length()) + "\""));
        assertThat(Files.size(fits)).isEqualTo(PreferencesXml.MAX_BYTES);
        assertThat(importer().importFrom("path", fits.toString()).token().reveal()).isEqualTo(TOKEN);
    }

    @Test
    void anInternalEntityReadingAFileIsRefusedNotResolved() throws Exception {
        Path secret = write(root.resolve("secret.txt"), "contents-of-a-private-file");
        Path xxe = write(root.resolve("xxe/Preferences.xml"), "<?xml version=\"1.0\"?>\n<!DOCTYPE Preferences ["
                + "<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>\n<Preferences PlexOnlineToken=\"&x;\"/>");
        PreferencesXmlException e = failure(() -> importer().importFrom("path", xxe.toString()),
                Reason.NOT_PREFERENCES);
        assertThat(e.getMessage()).doesNotContain("contents-of-a-private-file").contains("document type");
    }

    @Test
    void anExternalDtdIsNeverFetched() throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            fetches.incrementAndGet();
            byte[] dtd = "<!ENTITY t \"fromTheDtd\">".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, dtd.length);
            ex.getResponseBody().write(dtd);
            ex.close();
        });
        server.start();
        try {
            String dtdUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/evil.dtd";
            Path xxe = write(root.resolve("dtd/Preferences.xml"), "<?xml version=\"1.0\"?>\n<!DOCTYPE Preferences"
                    + " SYSTEM \"" + dtdUrl + "\">\n<Preferences PlexOnlineToken=\"&t;\"/>");
            failure(() -> importer().importFrom("path", xxe.toString()), Reason.NOT_PREFERENCES);
            // The read above is synchronous: a fetch would have happened inside it.
            assertThat(fetches).hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aDirectoryWithoutPreferencesXmlIsNotFound() throws Exception {
        Path dir = Files.createDirectories(root.resolve("emptydir"));
        failure(() -> importer().importFrom("path", dir.toString()), Reason.NOT_FOUND);
    }
}
