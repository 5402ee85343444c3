package io.doorman.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/** Replaces a file's content all at once: a reader sees the old file or the new one, never half of either. */
public final class AtomicFile {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private AtomicFile() {
    }

    /**
     * Writes {@code bytes} to a temporary file beside {@code path} with permissions {@code perms} (e.g.
     * {@code rw-------}), forces it to disk and renames it over {@code path}. A missing directory is created 0700.
     */
    public static void write(Path path, byte[] bytes, String perms) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, attrs("rwx------"));
        }
        Path tmp = Files.createTempFile(dir, "." + path.getFileName() + ".", ".tmp", attrs(perms));
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            // rename(2) replaces whatever is at the path, a symlink included, without following it.
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static FileAttribute<?>[] attrs(String perms) {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString(perms))} : new FileAttribute<?>[0];
    }
}
