package io.doorman.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StdoutLineWriterTest {

    @Test
    void writesEveryLineInOrderAsUtf8AndFlushesOnClose() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> expected = new ArrayList<>();
        try (StdoutLineWriter w = new StdoutLineWriter(out)) {
            for (int i = 0; i < 20_000; i++) { // several batches, and more than one 64 KiB buffer each
                String line = "plexlabelproxy_access: phase=start n=" + i + " ua=\"Plex für Android ✓\"";
                expected.add(line);
                w.accept(line);
            }
            String big = "x".repeat(200_000); // one line larger than the batch buffer
            expected.add(big);
            w.accept(big);
        }
        String written = out.toString(StandardCharsets.UTF_8);
        assertEquals(String.join("\n", expected) + "\n", written);
    }

    @Test
    void everyKindOfCharacterComesOutAsStringGetBytesWritesIt() {
        List<String> lines = List.of(
                "plexlabelproxy_access: phase=done status=200 dur=412.345\u00b5s", // Go's micro sign, Latin-1
                "ua=\"Plex f\u00fcr Android \u2713\"", // Latin-1 and a character beyond it
                "emoji \ud83d\udcfa tv", // a surrogate pair: four bytes
                "lone \ud83d surrogate and \udcfa another", // unencodable: '?' each, as getBytes writes them
                "\u2713".repeat(30_000), // three bytes a character: more than the batch buffer holds
                "", "plain ascii");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (StdoutLineWriter w = new StdoutLineWriter(out)) {
            lines.forEach(w);
        }
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (String l : lines) {
            expected.writeBytes(l.getBytes(StandardCharsets.UTF_8));
            expected.write('\n');
        }
        assertArrayEquals(expected.toByteArray(), out.toByteArray());
    }
}
