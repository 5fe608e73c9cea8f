package dev.sealpost.mailauth.dkim;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Signs messages with one or more keys (RFC 6376 §5; dual rsa-sha256 and ed25519-sha256 signing as RFC
 * 8463 §3 suggests). Relaxed/relaxed by default. The signed fields follow §5.4.1's list; From, To,
 * Subject and Date are over-signed (listed once more than present), so that a field added later, such
 * as a second From, breaks the signature.
 */
public final class DkimSigner {

  /** One signing key: d=, s= and the private key; the algorithm follows the key. */
  public record Key(String domain, String selector, PrivateKey privateKey) {
    public Key {
      Objects.requireNonNull(domain, "domain");
      Objects.requireNonNull(selector, "selector");
      Objects.requireNonNull(privateKey, "privateKey");
    }

    public Algorithm algorithm() {
      return DkimKeys.algorithmOf(privateKey);
    }
  }

  /** The fields signed when present (§5.4.1), in this order. */
  static final List<String> SIGNED = List.of("from", "sender", "reply-to", "subject", "date", "message-id", "to", "cc",
      "mime-version", "content-type", "content-transfer-encoding", "content-id", "content-description",
      "resent-date", "resent-from", "resent-sender", "resent-to", "resent-cc", "resent-message-id", "in-reply-to",
      "references", "list-id", "list-help", "list-unsubscribe", "list-unsubscribe-post", "list-subscribe",
      "list-post", "list-owner", "list-archive");
  /** Signed once more than present, absent ones included. */
  static final Set<String> OVERSIGNED = Set.of("from", "to", "subject", "date");

  private final List<Key> keys;
  private final Canonicalization header;
  private final Canonicalization body;
  private final Clock clock;

  public DkimSigner(List<Key> keys, Clock clock) {
    this(keys, Canonicalization.RELAXED, Canonicalization.RELAXED, clock);
  }

  DkimSigner(List<Key> keys, Canonicalization header, Canonicalization body, Clock clock) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no signing key");
    }
    this.keys = List.copyOf(keys);
    this.header = header;
    this.body = body;
    this.clock = clock;
  }

  /** The DKIM-Signature fields for {@code message}, each ending in CRLF, to put on top of it. */
  public List<String> sign(byte[] message) throws IOException {
    return sign(new ByteArrayInputStream(message));
  }

  /** As {@link #sign(byte[])}, reading the body as a stream (hashed as it is read, never held). */
  public List<String> sign(InputStream message) throws IOException {
    MessageReader.Split split = MessageReader.split(message);
    List<HeaderField> fields = HeaderField.parse(split.header(), 10_000).fields();
    Canonicalization.BodyHasher hasher = body.new BodyHasher(SignedData.sha256(), -1);
    hasher.update(split.bodyStart(), 0, split.bodyStart().length);
    byte[] buf = new byte[65536];
    for (int n; (n = split.rest().read(buf)) > 0; ) {
      hasher.update(buf, 0, n);
    }
    String bh = Base64.getEncoder().encodeToString(hasher.finish());
    List<String> names = signedNames(fields);
    long now = clock.instant().getEpochSecond();
    List<String> out = new ArrayList<>();
    for (Key key : keys) {
      String unsigned = "DKIM-Signature: v=1; a=" + key.algorithm().token() + "; c=" + header.token() + "/"
          + body.token() + "; d=" + key.domain() + "; s=" + key.selector() + ";\r\n\tt=" + now + "; h="
          + fold(String.join(":", names)) + ";\r\n\tbh=" + bh + ";\r\n\tb=";
      HeaderField field = new HeaderField("DKIM-Signature", unsigned);
      byte[] data = SignedData.of(fields, names, header, field);
      String b = Base64.getEncoder().encodeToString(signature(key, data));
      out.add(unsigned + foldValue(b) + "\r\n");
    }
    return out;
  }

  private static byte[] signature(Key key, byte[] data) {
    try {
      Signature s = Signature.getInstance(key.algorithm().jca());
      s.initSign(key.privateKey());
      // RFC 8463 §3: Ed25519 signs the SHA-256 hash of the data; rsa-sha256 hashes inside PKCS#1 v1.5.
      s.update(key.algorithm() == Algorithm.ED25519_SHA256 ? SignedData.sha256().digest(data) : data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with " + key.algorithm().token() + " key of " + key.domain(), e);
    }
  }

  static List<String> signedNames(List<HeaderField> fields) {
    List<String> names = new ArrayList<>();
    for (String name : SIGNED) {
      long present = fields.stream().filter(f -> f.key().equals(name)).count();
      long times = present + (OVERSIGNED.contains(name) ? 1 : 0);
      for (long i = 0; i < times; i++) {
        names.add(name);
      }
    }
    return names;
  }

  /** Folds a colon-separated h= list after colons, so the field's lines stay short. */
  private static String fold(String list) {
    StringBuilder out = new StringBuilder();
    int line = 0;
    for (String part : list.split(":")) {
      if (out.length() > 0) {
        out.append(':');
        if (line > 60) {
          out.append("\r\n\t");
          line = 0;
        }
      }
      out.append(part);
      line += part.length() + 1;
    }
    return out.toString();
  }

  /** Folds the b= value every 72 characters (whitespace in b= is ignored by verifiers, §3.5). */
  private static String foldValue(String b) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < b.length(); i += 72) {
      if (i > 0) {
        out.append("\r\n\t");
      }
      out.append(b, i, Math.min(b.length(), i + 72));
    }
    return out.toString();
  }

  static String ascii(byte[] b) {
    return new String(b, StandardCharsets.US_ASCII);
  }
}
