package dev.sealpost.server.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Durability helpers. A new or renamed file is only durable once its directory is fsynced too (the
 * directory entry lives in the directory, not in the file): see fsync(2), "Calling fsync() does not
 * necessarily ensure that the entry in the directory containing the file has also reached disk".
 */
public final class Fsync {

  /** rwx------: spool and Maildir directories hold other people's mail. */
  public static final FileAttribute<Set<PosixFilePermission>> DIRECTORY_MODE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
  /** rw-------. */
  public static final FileAttribute<Set<PosixFilePermission>> FILE_MODE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private Fsync() {}

  /** fsyncs a directory now, on the calling thread (Linux allows opening a directory read-only for this). */
  public static void directory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}
