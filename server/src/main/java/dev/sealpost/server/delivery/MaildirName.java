package dev.sealpost.server.delivery;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Unique Maildir file names as Dovecot writes them (https://cr.yp.to/proto/maildir.html and Dovecot's
 * maildir-filename.c): {@code <secs>.M<usecs>P<pid>Q<n>.<host>}, with {@code ,S=<size>} appended once
 * the size is known so that Dovecot need not stat the file. Time, process id and a per-process counter
 * make the name unique on one host; the host name separates hosts sharing the Maildir over NFS.
 */
final class MaildirName {

  private static final long PID = ProcessHandle.current().pid();
  private static final AtomicLong COUNTER = new AtomicLong();

  private final String host;

  MaildirName(String hostname) {
    this.host = escape(hostname);
  }

  /** A name for a new file in tmp/, before its size is known. */
  String next() {
    Instant now = Instant.now();
    return now.getEpochSecond() + ".M" + now.getNano() / 1000 + "P" + PID + "Q" + COUNTER.incrementAndGet()
        + "." + host;
  }

  /** The name in new/: the tmp/ name plus the size, so that readers can skip stat(2). */
  static String withSize(String base, long size) {
    return base + ",S=" + size;
  }

  /**
   * "/" would make a path and ":" starts the info suffix, so the spec replaces them with octal escapes.
   * "," is escaped too (a deviation from Dovecot, which assumes no host name has one) because it
   * separates the S= field.
   */
  static String escape(String hostname) {
    return hostname.replace("/", "\\057").replace(":", "\\072").replace(",", "\\054");
  }

  /** This machine's name without a DNS lookup where Linux tells it directly. */
  static String localHostname() {
    try {
      String h = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII).strip();
      if (!h.isEmpty()) {
        return h;
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall back below
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
