package dev.sealpost.server.dsn;

import dev.sealpost.server.spool.Envelope;
import dev.sealpost.server.spool.EnvelopeRecipient;
import java.util.List;
import java.util.Optional;

/**
 * Whether a recipient's outcome is reported to the sender (RFC 3461 §4.1, §6.2). Delay reports for
 * recipients without NOTIFY are off by default: RFC 3461 §4.1 leaves them to us, they go mostly to
 * people who never asked and are confused by them, and every one sent to a forged sender is backscatter.
 * A sender who asks with NOTIFY=DELAY gets them.
 *
 * @param delaysWithoutNotify report delays for recipients that gave no NOTIFY parameter
 */
public record DsnPolicy(boolean delaysWithoutNotify) {

  public static final DsnPolicy DEFAULT = new DsnPolicy(false);

  /** True when {@code action} for {@code recipient} of a message from {@code envelope} is reported. */
  public boolean reports(Envelope envelope, EnvelopeRecipient recipient, Action action) {
    if (envelope.nullReversePath()) {
      return false; // RFC 5321 §4.5.5: never answer a bounce, or bounces loop
    }
    List<String> notify = recipient.dsnNotify();
    if (notify.contains("NEVER")) {
      return false;
    }
    if (notify.isEmpty()) {
      // RFC 3461 §4.1: without NOTIFY, act as if FAILURE (and, at our choice, DELAY) had been given.
      return action == Action.FAILED || (action == Action.DELAYED && delaysWithoutNotify);
    }
    return switch (action) {
      case FAILED -> notify.contains("FAILURE");
      case DELAYED -> notify.contains("DELAY");
      case DELIVERED, RELAYED, EXPANDED -> notify.contains("SUCCESS");
    };
  }

  /** The outcomes to report now, in order; empty when no DSN is to be sent. One DSN covers them all. */
  public List<RecipientOutcome> select(Envelope envelope, List<RecipientOutcome> outcomes) {
    return outcomes.stream().filter(o -> reports(envelope, o.recipient(), o.action())).toList();
  }

  /**
   * What to report when a recipient is handed to the next server: "relayed" when that server does not
   * offer DSN and the sender asked for SUCCESS, since no report will come from further on (RFC 3461
   * §6.2.6.2 and §4.1). When the next server offers DSN, it passes NOTIFY on and reports itself.
   */
  public Optional<Action> onRelay(Envelope envelope, EnvelopeRecipient recipient, boolean nextHopOffersDsn) {
    if (nextHopOffersDsn || !reports(envelope, recipient, Action.RELAYED)) {
      return Optional.empty();
    }
    return Optional.of(Action.RELAYED);
  }
}
