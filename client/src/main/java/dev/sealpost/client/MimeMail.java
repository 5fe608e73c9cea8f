package dev.sealpost.client;

import dev.sealpost.protocol.Mailbox;
import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;

/**
 * Composes the common message (from, to/cc/bcc, subject, text and HTML, attachments) with Angus Mail,
 * which writes the MIME structure, RFC 2047 encoded words and transfer encodings. Bcc recipients go into
 * the envelope only, never into a header. CR, LF and NUL in any value given here are refused (header
 * injection).
 *
 * <pre>{@code
 * Mail mail = MimeMail.builder().from("Reports <reports@example.com>").to("boss@example.com")
 *     .subject("Rapport quotidien").text("Tout va bien.").attach("report.csv", csv, "text/csv").build();
 * }</pre>
 */
public final class MimeMail {

  private InternetAddress from;
  private final List<InternetAddress> to = new ArrayList<>();
  private final List<InternetAddress> cc = new ArrayList<>();
  private final List<InternetAddress> bcc = new ArrayList<>();
  private final List<InternetAddress> replyTo = new ArrayList<>();
  private String subject = "";
  private String text;
  private String html;
  private final List<Attachment> attachments = new ArrayList<>();
  private final Map<String, String> headers = new LinkedHashMap<>();
  private final Envelope.Builder envelope = Envelope.builder();
  private boolean reversePathSet;

  private record Attachment(String name, byte[] content, String mimeType) {}

  private MimeMail() {}

  public static MimeMail builder() {
    return new MimeMail();
  }

  /** The From header, e.g. {@code "Reports <reports@example.com>"}; also the reverse-path unless {@link #reversePath} is set. */
  public MimeMail from(String address) {
    from = address("from", address);
    return this;
  }

  public MimeMail to(String... addresses) {
    return add(to, "to", addresses);
  }

  public MimeMail cc(String... addresses) {
    return add(cc, "cc", addresses);
  }

  /** Recipients who get the message without appearing in it. */
  public MimeMail bcc(String... addresses) {
    return add(bcc, "bcc", addresses);
  }

  public MimeMail replyTo(String... addresses) {
    return add(replyTo, "reply-to", addresses);
  }

  /** A reverse-path other than the From address (bounces go here). */
  public MimeMail reversePath(String address) {
    envelope.from(address);
    reversePathSet = true;
    return this;
  }

  /** Any text; non-ASCII is written as RFC 2047 encoded words. */
  public MimeMail subject(String subject) {
    this.subject = Wire.requireSingleLine("subject", Objects.requireNonNull(subject, "subject"));
    return this;
  }

  public MimeMail text(String body) {
    this.text = Objects.requireNonNull(body, "text");
    return this;
  }

  public MimeMail html(String body) {
    this.html = Objects.requireNonNull(body, "html");
    return this;
  }

  public MimeMail attach(String fileName, byte[] content, String mimeType) {
    Wire.requireSingleLine("attachment name", fileName);
    Wire.requireSingleLine("attachment type", mimeType);
    attachments.add(new Attachment(fileName, content.clone(), mimeType));
    return this;
  }

  /** An extra header field (e.g. {@code Auto-Submitted: auto-generated}); name and value on one line. */
  public MimeMail header(String name, String value) {
    if (!name.matches("[!-9;-~]+")) {
      throw new IllegalArgumentException("invalid header field name: " + Wire.show(name));
    }
    headers.put(name, Wire.requireSingleLine("header " + name, value));
    return this;
  }

  /** The envelope with DSN and REQUIRETLS settings of this message, for {@link Envelope.Builder} options. */
  public MimeMail requireTls() {
    envelope.requireTls();
    return this;
  }

  public Mail build() {
    if (from == null) {
      throw new IllegalStateException("a message needs a From address");
    }
    if (to.isEmpty() && cc.isEmpty() && bcc.isEmpty()) {
      throw new IllegalStateException("a message needs at least one recipient");
    }
    if (!reversePathSet) {
      envelope.from(mailbox(from));
    }
    for (List<InternetAddress> list : List.of(to, cc, bcc)) {
      list.forEach(a -> envelope.to(Recipient.of(mailbox(a))));
    }
    return new Mail(envelope.build(), Content.of(render()));
  }

  private byte[] render() {
    try {
      Properties props = new Properties();
      props.setProperty("mail.mime.allowutf8", Boolean.toString(needsUtf8Headers()));
      String domain = mailbox(from).domain().toString();
      MimeMessage message = new MimeMessage(Session.getInstance(props)) {
        @Override
        protected void updateMessageID() throws MessagingException {
          // RFC 5322 §3.6.4: unique on the left, the sender's domain on the right; no local host name lookup.
          setHeader("Message-ID", "<" + UUID.randomUUID() + "@" + domain + ">");
        }
      };
      message.setFrom(from);
      if (!to.isEmpty()) {
        message.setRecipients(MimeMessage.RecipientType.TO, to.toArray(InternetAddress[]::new));
      }
      if (!cc.isEmpty()) {
        message.setRecipients(MimeMessage.RecipientType.CC, cc.toArray(InternetAddress[]::new));
      }
      if (!replyTo.isEmpty()) {
        message.setReplyTo(replyTo.toArray(InternetAddress[]::new));
      }
      message.setSubject(subject, "UTF-8");
      message.setSentDate(new Date());
      for (var h : headers.entrySet()) {
        message.setHeader(h.getKey(), h.getValue());
      }
      setBody(message);
      message.saveChanges();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      message.writeTo(out, new String[] {"Bcc", "Content-Length"});
      return out.toByteArray();
    } catch (MessagingException | IOException e) {
      throw new IllegalArgumentException("cannot compose the message: " + e.getMessage(), e);
    }
  }

  private void setBody(MimeMessage message) throws MessagingException {
    if (attachments.isEmpty()) {
      if (html == null) {
        message.setText(text == null ? "" : text, "UTF-8");
      } else {
        message.setContent(alternative());
      }
      return;
    }
    MimeMultipart mixed = new MimeMultipart("mixed");
    MimeBodyPart body = new MimeBodyPart();
    if (html == null) {
      body.setText(text == null ? "" : text, "UTF-8");
    } else {
      body.setContent(alternative());
    }
    mixed.addBodyPart(body);
    for (Attachment a : attachments) {
      MimeBodyPart part = new MimeBodyPart();
      part.setDataHandler(new DataHandler(new ByteArrayDataSource(a.content(), a.mimeType())));
      part.setFileName(a.name());
      part.setDisposition(MimeBodyPart.ATTACHMENT);
      mixed.addBodyPart(part);
    }
    message.setContent(mixed);
  }

  /** Text and HTML as alternatives (RFC 2046 §5.1.4), plainest first. */
  private MimeMultipart alternative() throws MessagingException {
    MimeMultipart alternative = new MimeMultipart("alternative");
    MimeBodyPart plain = new MimeBodyPart();
    plain.setText(text == null ? "" : text, "UTF-8");
    MimeBodyPart rich = new MimeBodyPart();
    rich.setText(html, "UTF-8", "html");
    alternative.addBodyPart(plain);
    alternative.addBodyPart(rich);
    return alternative;
  }

  private boolean needsUtf8Headers() {
    return mailbox(from).needsSmtpUtf8() || to.stream().anyMatch(a -> mailbox(a).needsSmtpUtf8())
        || cc.stream().anyMatch(a -> mailbox(a).needsSmtpUtf8());
  }

  private MimeMail add(List<InternetAddress> list, String field, String... addresses) {
    for (String a : addresses) {
      list.add(address(field, a));
    }
    return this;
  }

  private static InternetAddress address(String field, String address) {
    Wire.requireSingleLine(field + " address", Objects.requireNonNull(address, field));
    try {
      InternetAddress parsed = new InternetAddress(address, true);
      mailbox(parsed); // RFC 5321 syntax too: it goes into the envelope
      if (parsed.getPersonal() != null) {
        parsed.setPersonal(parsed.getPersonal(), StandardCharsets.UTF_8.name());
      }
      return parsed;
    } catch (AddressException | java.io.UnsupportedEncodingException e) {
      throw new IllegalArgumentException("invalid " + field + " address " + Wire.show(address) + ": " + e.getMessage(), e);
    }
  }

  private static Mailbox mailbox(InternetAddress address) {
    return Addresses.mailbox(address.getAddress());
  }
}
