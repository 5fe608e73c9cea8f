package dev.sealpost.server.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The spool's directories. tmp/ holds files being written (never acknowledged, so deleted at start),
 * incoming/ committed messages awaiting local delivery, outbound/ messages awaiting remote delivery,
 * corrupt/ files whose header could not be read, kept for a human to look at, hold/ outbound messages
 * an administrator put on hold (`sealpost queue hold`), not tried until released.
 */
record SpoolLayout(Path root) {

  Path tmp() {
    return root.resolve("tmp");
  }

  Path incoming() {
    return root.resolve("incoming");
  }

  Path outbound() {
    return root.resolve("outbound");
  }

  Path corrupt() {
    return root.resolve("corrupt");
  }

  Path hold() {
    return root.resolve("hold");
  }

  /** Creates the directories mode 700 (tightening existing ones) and makes their entries durable. */
  void create() {
    try {
      Files.createDirectories(root, Fsync.DIRECTORY_MODE);
      for (Path dir : List.of(root, tmp(), incoming(), outbound(), corrupt(), hold())) {
        Files.createDirectories(dir, Fsync.DIRECTORY_MODE);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      }
      Fsync.directory(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create spool directory " + root, e);
    }
  }

  /** Moves {@code file} into corrupt/, under a new name if one of that name is already there. */
  Path quarantine(Path file) throws IOException {
    String name = file.getFileName().toString();
    Path target = corrupt().resolve(name);
    for (int i = 1; Files.exists(target); i++) {
      target = corrupt().resolve(name + "." + i);
    }
    return Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
  }
}
