package dev.sealpost.server.dsn;

import jakarta.mail.BodyPart;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** A DSN read back with Angus Mail: its parts and its delivery-status field blocks. */
record Parsed(MimeMessage message, ContentType type, List<BodyPart> parts, InternetHeaders perMessage,
    List<InternetHeaders> perRecipient) {

  static Parsed of(DeliveryStatusNotification dsn) {
    try {
      MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(dsn.bytes()));
      ContentType type = new ContentType(m.getContentType());
      MimeMultipart mp = new MimeMultipart(m.getDataHandler().getDataSource());
      List<BodyPart> parts = new ArrayList<>();
      for (int i = 0; i < mp.getCount(); i++) {
        parts.add(mp.getBodyPart(i));
      }
      // message/delivery-status: header-like blocks separated by empty lines (RFC 3464 §2.1).
      byte[] status;
      try (InputStream in = parts.get(1).getInputStream()) {
        status = in.readAllBytes();
      }
      List<InternetHeaders> blocks = new ArrayList<>();
      for (String block : new String(status, StandardCharsets.US_ASCII).split("\r\n\r\n")) {
        if (!block.isBlank()) {
          blocks.add(new InternetHeaders(new ByteArrayInputStream((block + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII))));
        }
      }
      return new Parsed(m, type, parts, blocks.getFirst(), blocks.subList(1, blocks.size()));
    } catch (Exception e) {
      throw new AssertionError("DSN does not parse: " + e + "\n" + dsn, e);
    }
  }

  String partType(int i) {
    try {
      return new ContentType(parts.get(i).getContentType()).getBaseType().toLowerCase(java.util.Locale.ROOT);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  String text(int i) {
    try (InputStream in = parts.get(i).getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  String recipientField(int recipient, String name) {
    String[] v = perRecipient.get(recipient).getHeader(name);
    return v == null ? null : v[0];
  }
}
