package dev.sealpost.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The temporary directory of one private Postfix instance: creating, reading and deleting it. */
final class PostfixFiles {

  private PostfixFiles() {}

  static Path createBase() {
    try {
      Path base = Files.createTempDirectory("postfix-").toRealPath();
      // Postfix daemons run as the postfix user and must reach queue/ and the sasldb under it.
      Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
      return base;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for Postfix", e);
    }
  }

  static long readMasterPid(Path base) {
    Path file = base.resolve("queue/pid/master.pid");
    try {
      return Long.parseLong(Files.readString(file).strip());
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("Postfix started but " + file + " is unreadable; log:\n" + tail(readLog(base)), e);
    }
  }

  static String readLog(Path base) {
    try {
      Path log = base.resolve("maillog");
      return Files.exists(log) ? Files.readString(log) : "(no " + log + ")";
    } catch (IOException e) {
      return "(cannot read the log: " + e + ")";
    }
  }

  /** The last 60 lines of a log, enough to show why without burying it. */
  static String tail(String log) {
    List<String> lines = log.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }

}
