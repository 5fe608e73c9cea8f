package dev.sealpost.mailauth.dkim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The octets a DKIM signature covers (RFC 6376 §3.7): the h= header fields, each taken from the bottom
 * up and canonicalized, then the DKIM-Signature field itself with an empty b= and no final CRLF.
 */
final class SignedData {

  private SignedData() {}

  static byte[] of(List<HeaderField> fields, List<String> signedNames, Canonicalization c, HeaderField signature) {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    Map<String, Integer> used = new HashMap<>();
    for (String name : signedNames) {
      String key = name.strip().toLowerCase(Locale.ROOT);
      int skip = used.merge(key, 1, Integer::sum) - 1;
      // §5.4.2: the last instance first, then the one above it; a name with no instance left adds nothing.
      int seen = 0;
      for (int i = fields.size() - 1; i >= 0; i--) {
        if (fields.get(i).key().equals(key)) {
          if (seen++ == skip) {
            data.writeBytes(c.header(fields.get(i)).getBytes(StandardCharsets.ISO_8859_1));
            break;
          }
        }
      }
    }
    String own = c.header(signature);
    data.writeBytes(own.substring(0, own.length() - 2).getBytes(StandardCharsets.ISO_8859_1));
    return data.toByteArray();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The field with the value of its b= tag (and the whitespace around it) removed (§3.5, §3.7). */
  static HeaderField withoutSignatureValue(HeaderField field) {
    String raw = field.raw();
    int colon = raw.indexOf(':');
    String value = raw.substring(colon + 1);
    List<String> specs = new java.util.ArrayList<>();
    for (String spec : value.split(";", -1)) {
      int eq = spec.indexOf('=');
      String name = eq < 0 ? "" : spec.substring(0, eq).replace("\r\n", "").strip();
      specs.add(name.equals("b") ? spec.substring(0, eq + 1) : spec);
    }
    String out = raw.substring(0, colon + 1) + String.join(";", specs);
    return new HeaderField(field.name(), out);
  }
}
