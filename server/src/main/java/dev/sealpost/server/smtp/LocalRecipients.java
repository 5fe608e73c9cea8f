package dev.sealpost.server.smtp;

import dev.sealpost.protocol.Mailbox;
import dev.sealpost.server.auth.UsersFile;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides which recipients are ours: the local domains from the configuration and the users from the
 * users file (read through a supplier so that a reload is seen at once), plus the postmaster alias that
 * RFC 5321 §4.5.1 requires every domain to have.
 */
public final class LocalRecipients {

  /** The answer for one forward-path. */
  public sealed interface Verdict {
    /** A local mailbox; {@code user} is the users-file address the mail is delivered to. */
    record Local(String user) implements Verdict {}
    /** A local domain without such a user. */
    record UnknownUser() implements Verdict {}
    /** A local domain, but a local part that asks us to route further (%, !, @): refused. */
    record RoutingSyntax() implements Verdict {}
    /** Another domain: only authenticated users may relay there. */
    record Remote() implements Verdict {}
  }

  private final List<String> domains;
  private final Supplier<UsersFile> users;
  private final Optional<String> postmaster;

  public LocalRecipients(List<String> domains, Supplier<UsersFile> users, Optional<String> postmaster) {
    this.domains = List.copyOf(domains);
    this.users = users;
    this.postmaster = postmaster;
  }

  public boolean isLocalDomain(String asciiDomain) {
    return domains.contains(asciiDomain.toLowerCase(Locale.ROOT));
  }

  public Verdict classify(Mailbox mailbox) {
    if (!isLocalDomain(mailbox.domain().ascii())) {
      return new Verdict.Remote();
    }
    String local = mailbox.localPart();
    if (local.indexOf('%') >= 0 || local.indexOf('!') >= 0 || local.indexOf('@') >= 0) {
      return new Verdict.RoutingSyntax();
    }
    if (local.equalsIgnoreCase("postmaster") && postmaster.isPresent()) {
      return new Verdict.Local(postmaster.get());
    }
    String address = local + "@" + mailbox.domain().ascii();
    return users.get().contains(address) ? new Verdict.Local(address) : new Verdict.UnknownUser();
  }

  /** The bare {@code <Postmaster>} recipient. */
  public Verdict postmaster() {
    return postmaster.<Verdict>map(Verdict.Local::new).orElseGet(Verdict.UnknownUser::new);
  }
}
