package io.doorman.frontends;

import io.doorman.config.AtomicFile;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** {@code hosts.yaml} under the data directory: read and validated whole, written whole and atomically. */
public final class HostsFile {

    public static final String FILE_NAME = "hosts.yaml";
    /** A hosts file is a few kilobytes; anything far larger is not one. */
    static final long MAX_BYTES = 1 << 20;

    private final Path path;

    public HostsFile(Path path) {
        this.path = path;
    }

    /** The hosts file of a data directory. */
    public static HostsFile in(Path dataDir) {
        return new HostsFile(dataDir.resolve(FILE_NAME));
    }

    public Path path() {
        return path;
    }

    /** The hosts in the file; no file is no hosts. */
    public Hosts load() throws HostsFileException {
        byte[] bytes;
        try {
            if (Files.isDirectory(path)) {
                throw new HostsFileException(path + ": is a directory, not a hosts file");
            }
            if (Files.exists(path) && Files.size(path) > MAX_BYTES) {
                throw new HostsFileException(path + ": larger than 1 MiB, not a hosts file");
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return Hosts.NONE;
        } catch (IOException e) {
            throw new HostsFileException(path + ": cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new HostsFileException(path + ": not UTF-8 text");
        }
        return HostsYaml.parse(text, path.toString());
    }

    /** Replaces the file with {@code hosts}; readable by all (it holds no secret), the directory made if missing. */
    public void save(Hosts hosts) throws HostsFileException {
        try {
            AtomicFile.write(path, HostsYaml.render(hosts).getBytes(StandardCharsets.UTF_8), "rw-r--r--");
        } catch (IOException e) {
            throw new HostsFileException(path + ": cannot be written (" + e.getMessage() + ")", e);
        }
    }
}
