package io.doorman.proxy;

import java.util.List;

/**
 * What a {@link ResponsePolicy} sees of an upstream response.
 *
 * @param status        HTTP status code
 * @param headers       end-to-end response headers
 * @param contentLength declared length, or -1 when unknown (chunked or read-until-close)
 */
public record ResponseHead(int status, List<Header> headers, long contentLength) {

    /** The first value of a header, or null. */
    public String header(String name) {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return null;
    }
}
