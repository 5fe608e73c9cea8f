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
    String value = from.getFirst().value().strip();
    int lt = value.lastIndexOf('<');
    int gt = value.lastIndexOf('>');
    String address = lt >= 0 && gt > lt ? value.substring(lt + 1, gt) : value;
    if (address.contains(",") || address.indexOf('@') < 0) {
      return Optional.empty();
    }
    String domain = address.substring(address.lastIndexOf('@') + 1).strip().toLowerCase(Locale.ROOT);
    return domain.isEmpty() ? Optional.empty() : Optional.of(domain);
  }

  /** How many From fields a header block has: DMARC needs exactly one (RFC 7489 §6.6.1). */
  public static int fromFieldCount(byte[] header) {
    return (int) HeaderField.parse(header, 10_000).fields().stream().filter(f -> f.key().equals("from")).count();
  }

  /** The header block of a message read from its start (at most 1 MiB), for {@link #fromDomain}. */
  public static byte[] headerOf(InputStream message) throws IOException {
    return MessageReader.split(message).header();
  }
}
