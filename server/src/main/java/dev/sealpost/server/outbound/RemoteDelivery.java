package dev.sealpost.server.outbound;

import dev.sealpost.client.Content;
import dev.sealpost.client.Destination;
import dev.sealpost.client.Envelope;
import dev.sealpost.client.ExtensionMissingException;
import dev.sealpost.client.Mail;
import dev.sealpost.client.MessageRejectedException;
import dev.sealpost.client.MessageTooLargeException;
import dev.sealpost.client.RecipientResult;
import dev.sealpost.client.RecipientsRejectedException;
import dev.sealpost.client.SendResult;
import dev.sealpost.client.SenderRejectedException;
import dev.sealpost.client.SmtpClient;
import dev.sealpost.client.SmtpClientException;
import dev.sealpost.protocol.SmtpReply;
import dev.sealpost.server.config.OutboundConfig.OutboundTls;
import dev.sealpost.server.spool.EnvelopeRecipient;
import dev.sealpost.server.spool.SpooledMessage;
import java.io.InputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.sealpost.server.outbound.tlsrpt.FailureDetail;
import dev.sealpost.server.outbound.tlsrpt.ResultType;
import dev.sealpost.server.outbound.tlsrpt.TlsRptRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt to hand a message to the next hop for one recipient domain: servers are tried in route
 * order until one gives an answer about the recipients; connection, TLS and greeting failures move on
 * to the next server (RFC 5321 §5.1), replies about the message or recipients do not.
 */
final class RemoteDelivery implements DomainDelivery {

  private static final Logger LOG = LoggerFactory.getLogger(RemoteDelivery.class);

  private final Routes routes;
  private final ClientFactory clients;
  private final Optional<TlsRptRecorder> tlsRpt;
  private final TlsHistory history;
  private final Optional<dev.sealpost.mailauth.dkim.DkimSigning> dkim;

  RemoteDelivery(Routes routes, ClientFactory clients, Optional<TlsRptRecorder> tlsRpt, TlsHistory history,
      Optional<dev.sealpost.mailauth.dkim.DkimSigning> dkim) {
    this.routes = routes;
    this.clients = clients;
    this.tlsRpt = tlsRpt;
    this.history = history;
    this.dkim = dkim;
  }

  /**
   * DKIM-Signature fields for mail submitted by an authenticated user or application, with the keys of its
   * From domain (RFC 6376), made here because nothing changes the message after this point. Empty when
   * there is nothing to sign with; a failure to sign is logged and the message goes unsigned.
   */
  private byte[] signature(SpooledMessage m) {
    if (dkim.isEmpty() || m.envelope().authenticatedUser().isEmpty()) {
      return new byte[0];
    }
    try {
      byte[] header;
      try (InputStream in = m.body()) {
        header = dev.sealpost.mailauth.dkim.DkimSigning.headerOf(in);
      }
      try (InputStream in = m.body()) {
        return dkim.get().sign(in, header).orElse(new byte[0]);
      }
    } catch (IOException | RuntimeException e) {
      LOG.error("queue={} event=dkim-sign-failed error=\"{}\"", m.envelope().queueId(), e.toString());
      return new byte[0];
    }
  }

  /**
   * Downgrade memory applies where nothing else asks for authenticated TLS: opportunistic and
   * {@code encrypt} hops (MTA-STS, DANE and verify already refuse a downgrade, a relayhost is verified).
   */
  private static boolean remembered(NextHop hop, boolean requireTls) {
    OutboundTls policy = ClientFactory.effectivePolicy(hop, requireTls);
    return policy == OutboundTls.MAY || policy == OutboundTls.ENCRYPT;
  }

  /**
   * RFC 8460: a session under an MTA-STS or DANE policy counts as a success once TLS is up. Under an
   * MTA-STS policy in testing mode the session went as the configured policy allowed, so it is judged
   * here as enforce would have judged it: MX listed, STARTTLS, certificate valid for the MX name.
   */
  private void reportSuccess(NextHop hop, dev.sealpost.client.TlsEvidence tls) {
    hop.reported().ifPresent(r -> tlsRpt.ifPresent(t -> {
      Optional<ResultType> failed = r.testing().flatMap(testing -> testingFailure(testing, tls));
      if (failed.isEmpty()) {
        t.success(r.policyDomain(), r.type(), r.strings(), r.mxHost());
      } else {
        t.failure(r.policyDomain(), r.type(), r.strings(), r.mxHost(), new FailureDetail(failed.get(), Optional.empty(),
            Optional.of(hop.host()), Optional.of(hop.address().getHostAddress()), Optional.of("mta-sts-testing")));
      }
    }));
  }

  static Optional<ResultType> testingFailure(NextHop.StsTesting testing, dev.sealpost.client.TlsEvidence tls) {
    if (!testing.mxPermitted()) {
      return Optional.of(ResultType.VALIDATION_FAILURE);
    }
    return switch (tls) {
      case dev.sealpost.client.TlsEvidence.None n -> Optional.of(ResultType.STARTTLS_NOT_SUPPORTED);
      case dev.sealpost.client.TlsEvidence.Established e when e.wouldHaveVerified() -> Optional.empty();
      case dev.sealpost.client.TlsEvidence.Established e -> Optional.of(e.chainTrusted()
          ? ResultType.CERTIFICATE_HOST_MISMATCH : ResultType.CERTIFICATE_NOT_TRUSTED);
    };
  }

  private void reportFailure(NextHop hop, dev.sealpost.client.TlsException e) {
    hop.reported().ifPresent(r -> tlsRpt.ifPresent(t -> t.failure(r.policyDomain(), r.type(), r.strings(), r.mxHost(),
        new FailureDetail(resultType(e.reason()), Optional.empty(), Optional.of(hop.host()),
            Optional.of(hop.address().getHostAddress()), Optional.of(e.reason().name())))));
  }

  static ResultType resultType(dev.sealpost.client.TlsException.Reason reason) {
    return switch (reason) {
      case STARTTLS_NOT_OFFERED, STARTTLS_REFUSED -> ResultType.STARTTLS_NOT_SUPPORTED;
      case WRONG_HOST -> ResultType.CERTIFICATE_HOST_MISMATCH;
      case EXPIRED, NOT_YET_VALID -> ResultType.CERTIFICATE_EXPIRED;
      case SELF_SIGNED, UNTRUSTED_CHAIN, PIN_MISMATCH -> ResultType.CERTIFICATE_NOT_TRUSTED;
      default -> ResultType.VALIDATION_FAILURE;
    };
  }

  /** @param indexes positions in the envelope's recipient list, all in {@code domain} */
  @Override
  public Map<Integer, RecipientOutcome> deliver(SpooledMessage m, String domain, List<Integer> indexes) {
    Map<Integer, RecipientOutcome> out = new HashMap<>();
    Routes.Result route = routes.resolve(domain);
    if (route instanceof Routes.Refused refused) {
      indexes.forEach(i -> out.put(i, refused.outcome()));
      log(m, indexes, refused.outcome(), "none", "");
      return out;
    }
    List<NextHop> hops = new java.util.ArrayList<>(((Routes.Hops) route).hops());
    byte[] signature = signature(m);
    RecipientOutcome lastFailure = null;
    java.util.Set<NextHop> clearTextRetry = new java.util.HashSet<>();
    for (int h = 0; h < hops.size(); h++) {
      NextHop hop = hops.get(h);
      boolean clearText = clearTextRetry.contains(hop);
      List<EnvelopeRecipient> rcpts = indexes.stream().map(i -> m.envelope().recipients().get(i)).toList();
      boolean requireTls = m.envelope().requireTls();
      boolean remembered = remembered(hop, requireTls);
      // A host seen with verified TLS is held to it (under mode defer): the client then refuses anything
      // less before MAIL FROM, so nothing leaves before the history has judged the connection.
      boolean pinned = remembered && !clearText && history.expectsVerifiedTls(hop.host());
      String policy = hop.tls().configName() + (pinned ? "+remembered-tls" : "");
      try {
        SmtpClient client = clients.forHop(hop, requireTls || pinned, clearText); // shared, pooled
        SendResult result;
        try (InputStream body = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(signature), m.body())) {
          result = client.send(Destination.of(hop.host(), hop.port()).at(hop.address()),
              new Mail(envelope(m, rcpts), Content.of(body, m.bodySize() + signature.length)));
        }
        if (remembered && !clearText) {
          history.check(hop.host(), TlsObservation.of(result.tls())); // remembers, or alerts (mode alert)
        }
        String tls = result.tls().describe();
        reportSuccess(hop, result.tls());
        for (int k = 0; k < indexes.size(); k++) {
          RecipientOutcome o = outcome(result.recipients().get(k), hop, result.finalReply());
          if (result.dsnParametersDropped() && o.kind() == RecipientOutcome.Kind.DELIVERED) {
            o = new RecipientOutcome(o.kind(), o.status(), o.diagnostic(), o.remoteMta(), true);
          }
          out.put(indexes.get(k), o);
          log(m, List.of(indexes.get(k)), o, tls, policy);
        }
        return out;
      } catch (RecipientsRejectedException e) {
        // TLS was up (or not needed), but the client does not say which: under testing, nothing is counted.
        if (hop.reported().flatMap(NextHop.ReportedPolicy::testing).isEmpty()) {
          reportSuccess(hop, new dev.sealpost.client.TlsEvidence.None());
        }
        for (int k = 0; k < indexes.size(); k++) {
          RecipientOutcome o = outcome(e.recipients().get(k), hop, null);
          out.put(indexes.get(k), o);
          log(m, List.of(indexes.get(k)), o, "", policy);
        }
        return out;
      } catch (ExtensionMissingException e) {
        // RFC 8689 §5: a REQUIRETLS message meets a hop without REQUIRETLS: 5.7.30; SMTPUTF8 missing
        // is 5.6.7 (RFC 6531 §3.6.3).
        String status = switch (e.extension()) {
          case "REQUIRETLS" -> "5.7.30";
          case "SMTPUTF8" -> "5.6.7";
          default -> "5.5.1";
        };
        RecipientOutcome o = RecipientOutcome.permanentFailure(status, e.getMessage(), hop.toString());
        indexes.forEach(i -> out.put(i, o));
        log(m, indexes, o, "", policy);
        return out;
      } catch (SenderRejectedException | MessageRejectedException | MessageTooLargeException e) {
        RecipientOutcome o = fromReply(e, hop, "5.0.0");
        indexes.forEach(i -> out.put(i, o));
        log(m, indexes, o, "", policy);
        return out;
      } catch (dev.sealpost.client.TlsException e) {
        reportFailure(hop, e);
        if (remembered && !clearText
            && history.check(hop.host(), TlsObservation.of(e)) instanceof TlsHistory.Decision.Defer d) {
          // The host did verified TLS before and now does not: a STARTTLS-stripping suspect. No clear-text
          // retry, no other policy: the message waits, and the alert is in the log.
          lastFailure = d.outcome(hop.toString());
          LOG.warn("queue={} event=hop-failed relay={} policy={}+downgrade-memory error=\"{}\"",
              m.envelope().queueId(), hop, hop.tls().configName(), d.reason().replace('"', '\''));
          continue;
        }
        if (ClientFactory.effectivePolicy(hop, m.envelope().requireTls())
            == dev.sealpost.server.config.OutboundConfig.OutboundTls.MAY && !clearText) {
          // Opportunistic TLS failed in the handshake: this server once more, in clear text, as Postfix's
          // "may" does. Policies that require TLS never take this path.
          LOG.warn("queue={} event=tls-failed-retry-cleartext relay={} policy=may error=\"{}\"",
              m.envelope().queueId(), hop, e.getMessage());
          clearTextRetry.add(hop);
          hops.add(h + 1, hop);
          continue;
        }
        lastFailure = RecipientOutcome.transientFailure("4.7.5", e.getMessage(), hop.toString());
        LOG.warn("queue={} event=hop-failed relay={} policy={} error=\"{}\"", m.envelope().queueId(), hop,
            hop.tls().configName(), e.getMessage());
      } catch (SmtpClientException e) {
        // Connection, TLS, timeout or protocol trouble with this server: the next one may do better.
        lastFailure = RecipientOutcome.transientFailure("4.4.1", e.getMessage(), hop.toString());
        LOG.warn("queue={} event=hop-failed relay={} policy={} error=\"{}\"", m.envelope().queueId(), hop,
            hop.tls().configName(), e.getMessage());
      } catch (IOException | RuntimeException e) {
        lastFailure = RecipientOutcome.transientFailure("4.3.0", "local error: " + e, hop.toString());
        LOG.error("queue={} event=hop-failed relay={} error=\"{}\"", m.envelope().queueId(), hop, e.toString());
      }
    }
    RecipientOutcome failure = lastFailure;
    indexes.forEach(i -> out.put(i, failure));
    return out;
  }

  private static Envelope envelope(SpooledMessage m, List<EnvelopeRecipient> rcpts) {
    Envelope.Builder b = Envelope.builder();
    if (m.envelope().nullReversePath()) {
      b.nullReversePath();
    } else {
      b.from(m.envelope().reversePath());
    }
    // RFC 3461 §5: the DSN parameters travel on with the message, so the next hop reports as asked.
    for (EnvelopeRecipient r : rcpts) {
      dev.sealpost.client.Recipient rcpt = dev.sealpost.client.Recipient.of(r.address());
      if (!r.dsnNotify().isEmpty()) {
        rcpt = rcpt.withNotify(r.dsnNotify().stream().map(dev.sealpost.protocol.DsnNotify::valueOf)
            .collect(java.util.stream.Collectors.toSet()));
      }
      Optional<dev.sealpost.protocol.OriginalRecipient> orcpt = r.orcpt().flatMap(RemoteDelivery::originalRecipient);
      if (orcpt.isPresent()) {
        rcpt = rcpt.withOriginalRecipient(orcpt.get());
      }
      b.to(rcpt);
    }
    m.envelope().ret().ifPresent(ret -> b.ret(dev.sealpost.protocol.DsnRet.valueOf(ret)));
    m.envelope().envId().ifPresent(b::envelopeId);
    if (m.envelope().requireTls()) {
      b.requireTls();
    }
    return b.build();
  }

  /** The spooled ORCPT "type;xtext" back as a value; a malformed one is dropped rather than fail delivery. */
  static Optional<dev.sealpost.protocol.OriginalRecipient> originalRecipient(String stored) {
    int semi = stored.indexOf(';');
    if (semi <= 0) {
      return Optional.empty();
    }
    String type = stored.substring(0, semi);
    String value = stored.substring(semi + 1);
    try {
      String address = type.equalsIgnoreCase("utf-8") ? dev.sealpost.protocol.Xtext.decodeUtf8Address(value)
          : dev.sealpost.protocol.Xtext.decode(value);
      return Optional.of(new dev.sealpost.protocol.OriginalRecipient(type, address));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static RecipientOutcome outcome(RecipientResult r, NextHop hop, SmtpReply finalReply) {
    if (r.accepted()) {
      SmtpReply reply = finalReply != null ? finalReply : r.reply();
      return new RecipientOutcome(RecipientOutcome.Kind.DELIVERED, status(reply, "2.0.0"), oneLine(reply),
          hop.toString());
    }
    return classify(r.reply(), hop, r.code() >= 500 ? "5.0.0" : "4.0.0");
  }

  private static RecipientOutcome fromReply(SmtpClientException e, NextHop hop, String fallbackStatus) {
    Optional<SmtpReply> reply = e.reply();
    if (reply.isEmpty()) {
      return RecipientOutcome.permanentFailure(fallbackStatus, e.getMessage(), hop.toString());
    }
    return classify(reply.get(), hop, fallbackStatus);
  }

  private static RecipientOutcome classify(SmtpReply reply, NextHop hop, String fallbackStatus) {
    RecipientOutcome.Kind kind = reply.code() >= 500 ? RecipientOutcome.Kind.PERMANENT : RecipientOutcome.Kind.TRANSIENT;
    String fallback = kind == RecipientOutcome.Kind.PERMANENT ? "5" + fallbackStatus.substring(1)
        : "4" + fallbackStatus.substring(1);
    return new RecipientOutcome(kind, status(reply, fallback), oneLine(reply), hop.toString());
  }

  private static String status(SmtpReply reply, String fallback) {
    return reply.status().map(Object::toString).orElse(fallback);
  }

  static String oneLine(SmtpReply reply) {
    return reply.code() + reply.status().map(s -> " " + s).orElse("") + " " + String.join(" ", reply.lines());
  }

  private static void log(SpooledMessage m, List<Integer> indexes, RecipientOutcome o, String tls, String policy) {
    for (int i : indexes) {
      String rcpt = m.envelope().recipients().get(i).address();
      String event = switch (o.kind()) {
        case DELIVERED -> "relayed";
        case TRANSIENT -> "deferred";
        case PERMANENT -> "bounced";
      };
      LOG.info("queue={} event={} rcpt=<{}> relay={} policy={} tls=\"{}\" status={} reply=\"{}\"",
          m.envelope().queueId(), event, rcpt, o.remoteMta().isEmpty() ? "none" : o.remoteMta(), policy, tls,
          o.status(), o.diagnostic());
    }
  }
}
