package dev.sealpost.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** Refuses secrets (private keys, the users file) that other local users could read or change. */
final class SecretFiles {
  private SecretFiles() {}

  static void check(Path file, String what) {
    Set<PosixFilePermission> perms;
    try {
      perms = Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException e) {
      return; // not a POSIX file system: nothing to check
    } catch (IOException e) {
      throw new StartupException(what + " " + file + " cannot be read: " + e.getMessage(), e);
    }
    if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.OTHERS_WRITE)
        || perms.contains(PosixFilePermission.GROUP_WRITE)) {
      throw new StartupException(what + " " + file + " has unsafe permissions "
          + java.nio.file.attribute.PosixFilePermissions.toString(perms) + "; run: chmod 600 " + file);
    }
  }
}
