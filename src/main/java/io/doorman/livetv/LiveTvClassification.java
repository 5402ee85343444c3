package io.doorman.livetv;

/**
 * The classifier's verdict.
 *
 * @param liveTv    the request may borrow the owner token (under {@code -elevate-live-tv})
 * @param discovery it also qualifies under {@code -elevate-discovery-only} (browse/guide, never a stream start)
 * @param stream    it is a stream request (tune, Live TV transcode, Live TV play queue)
 * @param reason    which rule decided, for logs and tests
 */
public record LiveTvClassification(boolean liveTv, boolean discovery, boolean stream, String reason) {

    static LiveTvClassification no(String reason, boolean stream) {
        return new LiveTvClassification(false, false, stream, reason);
    }
}
