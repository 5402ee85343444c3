package io.doorman.livetv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RewriteMemoTest {

    private final RewriteMemo memo = new RewriteMemo();
    private final Map<String, String> labels = Map.of("a", "b");

    @Test
    void aHitNeedsTheSameContextLabelMapAndBody() {
        byte[] in = "<x allowTuners=\"0\"/>".getBytes();
        byte[] out = "<x allowTuners=\"1\"/>".getBytes();
        memo.remember("/media/providers", labels, in, out);
        assertThat(memo.find("/media/providers", labels, in.clone())).isEqualTo(new RewriteMemo.Result(out));
        assertThat(memo.find("/media/providers", Map.of("a", "b"), in)).as("another map instance: a refresh")
                .isSameAs(RewriteMemo.MISS);
        assertThat(memo.find("/identity", labels, in)).isSameAs(RewriteMemo.MISS);
        byte[] changed = in.clone();
        changed[3] = 'y';
        assertThat(memo.find("/media/providers", labels, changed)).isSameAs(RewriteMemo.MISS);
    }

    @Test
    void anUnchangedResultIsRememberedAsSuchAndLargeBodiesAreNot() {
        byte[] in = "{}".getBytes();
        memo.remember("p", labels, in, null);
        assertThat(memo.find("p", labels, in)).isEqualTo(new RewriteMemo.Result(null));
        byte[] big = new byte[RewriteMemo.MAX_BODY_BYTES + 1];
        memo.remember("q", labels, big, null);
        assertThat(memo.find("q", labels, big)).isSameAs(RewriteMemo.MISS);
    }
}
