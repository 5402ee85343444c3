package io.doorman.frontends;

import java.util.List;

/**
 * Turns hosts into one kind of frontend configuration: a pure function, no I/O. The custom server access URL and
 * the warnings are not its business ({@link FrontendNotes} adds them as comments).
 */
public interface FrontendRenderer {

    /** The configuration's files, the main one first (standard output shows it alone when it is the only one). */
    List<RenderedFile> render(FrontendRequest request);
}
