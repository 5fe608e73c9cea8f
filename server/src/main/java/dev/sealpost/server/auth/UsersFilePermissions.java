package dev.sealpost.server.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Refuses a users file that other local users could read (offline guessing of the hashes) or change
 * (adding themselves): any "other" bit, or group write.
 */
final class UsersFilePermissions {

  private static final Set<PosixFilePermission> UNSAFE = EnumSet.of(PosixFilePermission.OTHERS_READ,
      PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.GROUP_WRITE);

  private UsersFilePermissions() {}

  static void check(Path path) {
    Set<PosixFilePermission> mode;
    try {
      mode = Files.getPosixFilePermissions(path);
    } catch (NoSuchFileException e) {
      throw new UsersFileException("users file " + path + " does not exist");
    } catch (UnsupportedOperationException e) {
      return; // not a POSIX file system: nothing to check
    } catch (IOException e) {
      throw new UsersFileException("users file " + path + " cannot be read: " + e.getMessage(), e);
    }
    if (!Files.isRegularFile(path)) {
      throw new UsersFileException("users file " + path + " is not a regular file");
    }
    if (mode.stream().anyMatch(UNSAFE::contains)) {
      throw new UsersFileException("users file " + path + " has unsafe permissions "
          + PosixFilePermissions.toString(mode) + " (readable or writable by others, or writable by group);"
          + " run: chmod 600 " + path);
    }
  }
}
