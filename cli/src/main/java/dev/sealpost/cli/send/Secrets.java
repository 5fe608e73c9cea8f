package dev.sealpost.cli.send;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Passwords from a file or an environment variable, never from an argument (the process list shows
 * arguments to every local user).
 */
final class Secrets {

  private Secrets() {}

  /** The first line of {@code file}; refuses a file that every local user can read. */
  static char[] fromFile(Path file) {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (perms.contains(PosixFilePermission.OTHERS_READ)) {
        throw new IllegalArgumentException("password file " + file + " is readable by every user; run chmod 600 "
            + file);
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int end = text.indexOf('\n');
      String line = end < 0 ? text : text.substring(0, end);
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (line.isEmpty()) {
        throw new IllegalArgumentException("password file " + file + " is empty");
      }
      return line.toCharArray();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read password file " + file + ": " + e.getMessage());
    } catch (UnsupportedOperationException e) {
      throw new IllegalArgumentException("cannot check the permissions of password file " + file);
    }
  }

  /** The value of environment variable {@code name}. */
  static char[] fromEnvironment(String name, java.util.Map<String, String> env) {
    String v = env.get(name);
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException("environment variable " + name + " is not set or empty");
    }
    return v.toCharArray();
  }
}
