package dev.sealpost.cli.send;

import dev.sealpost.client.Content;
import dev.sealpost.client.Envelope;
import dev.sealpost.client.Mail;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MailDateFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UnsupportedEncodingException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns sendmail's input and arguments into a message and envelope, as Postfix's sendmail and cleanup
 * do for local submissions: recipients from the command line and, with {@code -t}, from To/Cc/Bcc;
 * Bcc removed; From, Date and Message-ID added when the caller left them out (cron and many scripts
 * do). The body is streamed, never held whole.
 */
public final class SendmailMessage {

  private SendmailMessage() {}

  public static Mail read(SendmailArguments a, ClientSettings settings, InputStream stdin) throws IOException {
    InputStream in = a.dotIsData() ? stdin : new DotTerminatedInput(stdin);
    HeaderBlock headers = HeaderBlock.read(in);
    List<String> recipients = new ArrayList<>(a.recipients());
    try {
      if (a.recipientsFromHeaders()) {
        for (String r : headers.recipients()) {
          if (!recipients.contains(r)) {
            recipients.add(r);
          }
        }
      }
      if (recipients.isEmpty()) {
        throw new IllegalArgumentException(a.recipientsFromHeaders()
            ? "no recipients: the message has no To, Cc or Bcc and none were given"
            : "no recipients given (use -t to take them from the To, Cc and Bcc headers)");
      }
      String sender = a.sender() != null ? a.sender()
          : settings.defaultFrom() != null ? settings.defaultFrom()
          : headers.fromAddress() != null ? headers.fromAddress()
          : settings.user();
      if (sender == null) {
        throw new IllegalArgumentException("no sender: give -f ADDR, set 'from' in the settings file, or put a"
            + " From header in the message");
      }
      Envelope.Builder envelope = Envelope.builder();
      if (sender.equals("<>") || sender.isEmpty()) {
        envelope.nullReversePath();
      } else {
        envelope.from(strip(sender));
      }
      envelope.to(recipients.stream().map(SendmailMessage::strip).toArray(String[]::new));
      List<String> added = new ArrayList<>();
      if (!headers.has("from")) {
        added.add("From: " + fromHeader(sender.equals("<>") ? settings.user() : strip(sender), a.fullName()));
      }
      if (!headers.has("date")) {
        added.add("Date: " + new MailDateFormat().format(new Date()));
      }
      if (!headers.has("message-id")) {
        added.add("Message-ID: <" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12)) + "@"
            + domainOf(sender.equals("<>") ? settings.user() : strip(sender)) + ">");
      }
      byte[] head = headers.withoutBcc(added);
      return new Mail(envelope.build(), Content.of(new SequenceInputStream(new ByteArrayInputStream(head), in)));
    } catch (AddressException e) {
      throw new IllegalArgumentException("cannot parse an address header: " + e.getMessage());
    }
  }

  private static String strip(String address) {
    String a = address.strip();
    return a.startsWith("<") && a.endsWith(">") ? a.substring(1, a.length() - 1) : a;
  }

  private static String fromHeader(String address, String fullName) {
    if (address == null) {
      throw new IllegalArgumentException("no From header and no sender to make one from");
    }
    try {
      // InternetAddress encodes a non-ASCII display name (RFC 2047) and quotes specials.
      return new InternetAddress(address, fullName, "UTF-8").toString();
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String domainOf(String address) {
    int at = address == null ? -1 : address.lastIndexOf('@');
    return at < 0 ? "localhost" : address.substring(at + 1);
  }
}
