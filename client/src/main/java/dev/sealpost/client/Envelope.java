package dev.sealpost.client;

import dev.sealpost.protocol.DsnRet;
import dev.sealpost.protocol.Mailbox;
import dev.sealpost.protocol.ReversePath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The SMTP envelope (RFC 5321 §2.3.1): reverse-path, forward-paths and the per-message parameters.
 *
 * @param reversePath MAIL FROM; {@link ReversePath#NULL} for bounces
 * @param recipients at least one, no duplicates
 * @param ret RET= (RFC 3461)
 * @param envelopeId ENVID= (RFC 3461), plain text; xtext-encoded on the wire
 * @param requireTls MAIL FROM ... REQUIRETLS (RFC 8689): the message must only travel over verified TLS
 */
public record Envelope(ReversePath reversePath, List<Recipient> recipients, Optional<DsnRet> ret,
    Optional<String> envelopeId, boolean requireTls) {

  public Envelope {
    Objects.requireNonNull(reversePath, "reversePath");
    recipients = List.copyOf(recipients);
    Objects.requireNonNull(ret, "ret");
    Objects.requireNonNull(envelopeId, "envelopeId");
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException("an envelope needs at least one recipient");
    }
    envelopeId.ifPresent(id -> {
      if (id.isEmpty() || id.chars().anyMatch(c -> c < 0x20 || c >= 0x7f)) {
        throw new IllegalArgumentException("ENVID must be printable ASCII: " + Wire.show(id));
      }
    });
  }

  public static Builder builder() {
    return new Builder();
  }

  boolean needsSmtpUtf8() {
    return reversePath.needsSmtpUtf8() || recipients.stream().anyMatch(r -> r.mailbox().needsSmtpUtf8());
  }

  boolean hasDsnParameters() {
    return ret.isPresent() || envelopeId.isPresent() || recipients.stream().anyMatch(Recipient::hasDsnParameters);
  }

  public static final class Builder {
    private ReversePath reversePath;
    private final Map<Mailbox, Recipient> recipients = new LinkedHashMap<>();
    private DsnRet ret;
    private String envelopeId;
    private boolean requireTls;

    private Builder() {}

    public Builder from(String address) {
      return from(Addresses.mailbox(address));
    }

    public Builder from(Mailbox mailbox) {
      reversePath = ReversePath.of(mailbox);
      return this;
    }

    /** The null reverse-path {@code <>}, for delivery status notifications (RFC 5321 §4.5.5). */
    public Builder nullReversePath() {
      reversePath = ReversePath.NULL;
      return this;
    }

    public Builder to(String... addresses) {
      for (String a : addresses) {
        to(Recipient.of(a));
      }
      return this;
    }

    /** Adds a recipient; a mailbox given twice is kept once (the later parameters win). */
    public Builder to(Recipient recipient) {
      recipients.put(recipient.mailbox(), recipient);
      return this;
    }

    public Builder ret(DsnRet value) {
      ret = Objects.requireNonNull(value, "ret");
      return this;
    }

    public Builder envelopeId(String id) {
      envelopeId = Objects.requireNonNull(id, "envelopeId");
      return this;
    }

    public Builder requireTls() {
      requireTls = true;
      return this;
    }

    public Envelope build() {
      if (reversePath == null) {
        throw new IllegalStateException("envelope has no reverse-path: call from(...) or nullReversePath()");
      }
      return new Envelope(reversePath, new ArrayList<>(recipients.values()), Optional.ofNullable(ret),
          Optional.ofNullable(envelopeId), requireTls);
    }
  }
}
