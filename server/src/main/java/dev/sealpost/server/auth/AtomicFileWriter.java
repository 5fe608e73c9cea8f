package dev.sealpost.server.auth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Replaces a file so that a reader (the server reloading the users file) and a crash both see either
 * the old content or the new, never a mix: write a private temporary file beside it, fsync it, rename it
 * over the target, fsync the directory so the rename itself is durable.
 */
public final class AtomicFileWriter {

  private AtomicFileWriter() {}

  public static void write(Path target, byte[] content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = createPrivateTemp(dir, target.getFileName().toString());
    try {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          ch.write(buffer);
        }
        ch.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    fsyncDirectory(dir);
  }

  // The mode is set at creation, so the hashes are never readable by others, not even briefly.
  private static Path createPrivateTemp(Path dir, String name) throws IOException {
    try {
      FileAttribute<?> mode600 = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
      return Files.createTempFile(dir, "." + name + ".", ".tmp", mode600);
    } catch (UnsupportedOperationException e) {
      return Files.createTempFile(dir, "." + name + ".", ".tmp"); // not POSIX: nothing better to do
    }
  }

  private static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (UnsupportedOperationException e) {
      // Some platforms cannot open a directory; the rename is then as durable as they make it.
    }
  }
}
