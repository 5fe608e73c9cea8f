package dev.sealpost.server.inbound;

import dev.sealpost.protocol.SmtpReply;
import java.util.Optional;

/**
 * What the trust checks decided about one received message.
 *
 * @param header the Authentication-Results field to put on top, with its CRLF; empty when not checked
 * @param quarantine DMARC quarantine: into the recipient's Junk folder
 * @param refusal DMARC reject (enforced): the reply after DATA, and the message is dropped
 */
public record InboundVerdict(String header, boolean quarantine, Optional<SmtpReply> refusal) {

  public static final InboundVerdict UNCHECKED = new InboundVerdict("", false, Optional.empty());
}
