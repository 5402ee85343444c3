package io.doorman.cli;

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
}
