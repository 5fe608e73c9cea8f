package dev.sealpost.mailauth.dkim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which keys sign a message: those of the domain in its From field (so that DKIM aligns with it, as
 * DMARC asks), all of them (dual signing). A message with no From, several, or a From domain without
 * keys is not signed.
 */
public final class DkimSigning {

  private final Map<String, List<DkimSigner.Key>> byDomain;
  private final Clock clock;

  /** @param byDomain keys by lower-case domain */
  public DkimSigning(Map<String, List<DkimSigner.Key>> byDomain, Clock clock) {
    this.byDomain = Map.copyOf(byDomain);
    this.clock = clock;
  }

  public boolean isEmpty() {
    return byDomain.isEmpty();
  }

  /**
   * The DKIM-Signature fields to put on top of {@code message}, or empty when it is not ours to sign.
   * Reads the message once (the body streamed).
   */
  public Optional<byte[]> sign(InputStream message, byte[] header) throws IOException {
    Optional<String> from = fromDomain(header);
    List<DkimSigner.Key> keys = from.map(byDomain::get).orElse(null);
    if (keys == null || keys.isEmpty()) {
      return Optional.empty();
    }
    List<String> fields = new DkimSigner(keys, clock).sign(message);
    return Optional.of(String.join("", fields).getBytes(StandardCharsets.US_ASCII));
  }

  /** The domain of the single address of the single From field of a header block. */
  public static Optional<String> fromDomain(byte[] header) {
    List<HeaderField> from = HeaderField.parse(header, 10_000).fields().stream().filter(f -> f.key().equals("from"))
        .toList();
    if (from.size() != 1) {
      return Optional.empty();
    }
    // Comments and quoted strings go first: "ceo@bank.example (<x@evil.test>)" must not yield evil.test,
    // nor "\"<x@evil.test>\" <ceo@bank.example>" anything but bank.example.
    String value = withoutCommentsAndQuotes(from.getFirst().value());
    if (value == null) {
      return Optional.empty();
    }
    value = value.strip();
    if (value.indexOf(',') >= 0 || value.indexOf(';') >= 0 || value.indexOf(':') >= 0) {
      return Optional.empty(); // several addresses, or a group: no single author
    }
    int lt = value.indexOf('<');
    String address;
    if (lt >= 0) {
      int gt = value.indexOf('>', lt);
      if (gt < 0 || value.indexOf('<', lt + 1) >= 0 || !value.substring(gt + 1).isBlank()) {
        return Optional.empty();
      }
      address = value.substring(lt + 1, gt).strip();
    } else {
      address = value;
    }
    int at = address.lastIndexOf('@');
    if (at <= 0 || address.indexOf(' ') >= 0) {
      return Optional.empty();
    }
    String domain = address.substring(at + 1).strip().toLowerCase(Locale.ROOT);
    if (domain.endsWith(".")) {
      domain = domain.substring(0, domain.length() - 1);
    }
    return domain.matches("[a-z0-9_-]+(\\.[a-z0-9_-]+)+") ? Optional.of(domain) : Optional.empty();
  }

  /** How many From fields a header block has: DMARC needs exactly one (RFC 7489 §6.6.1). */
  public static int fromFieldCount(byte[] header) {
    return (int) HeaderField.parse(header, 10_000).fields().stream().filter(f -> f.key().equals("from")).count();
  }

  /** The text with RFC 5322 comments (nested, with quoted-pairs) and quoted strings removed; null if unbalanced. */
  static String withoutCommentsAndQuotes(String v) {
    StringBuilder out = new StringBuilder();
    int depth = 0;
    boolean quoted = false;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '\\' && (quoted || depth > 0)) {
        i++; // a quoted-pair: the next character is literal
        continue;
      }
      if (quoted) {
        quoted = c != '"';
      } else if (c == '"' && depth == 0) {
        quoted = true;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && depth > 0) {
        depth--;
      } else if (depth == 0) {
        out.append(c);
      }
    }
    return quoted || depth != 0 ? null : out.toString();
  }

  /** The header block of a message read from its start (at most 1 MiB), for {@link #fromDomain}. */
  public static byte[] headerOf(InputStream message) throws IOException {
    return MessageReader.split(message).header();
  }
}
