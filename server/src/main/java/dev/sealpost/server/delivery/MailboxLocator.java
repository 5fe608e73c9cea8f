package dev.sealpost.server.delivery;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Maps a local user's address to its Maildir, {@code <mail-dir>/<domain>/<local-part>/Maildir}, the
 * layout Dovecot's {@code mail_location = maildir:~/Maildir} with {@code home=<mail-dir>/%d/%n} reads.
 * Names that could escape the mail directory are refused.
 */
public final class MailboxLocator {

  private final Path mailDir;

  public MailboxLocator(Path mailDir) {
    this.mailDir = mailDir.toAbsolutePath().normalize();
  }

  public Optional<Path> maildirOf(String address) {
    int at = address.lastIndexOf('@');
    if (at <= 0 || at == address.length() - 1) {
      return Optional.empty();
    }
    String local = address.substring(0, at).toLowerCase(Locale.ROOT);
    String domain = address.substring(at + 1).toLowerCase(Locale.ROOT);
    if (!safe(local) || !safe(domain)) {
      return Optional.empty();
    }
    Path p = mailDir.resolve(domain).resolve(local).resolve("Maildir").normalize();
    return p.startsWith(mailDir) ? Optional.of(p) : Optional.empty();
  }

  private static boolean safe(String name) {
    return !name.isEmpty() && !name.startsWith(".") && name.indexOf('/') < 0 && name.indexOf('\\') < 0
        && name.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
  }
}
