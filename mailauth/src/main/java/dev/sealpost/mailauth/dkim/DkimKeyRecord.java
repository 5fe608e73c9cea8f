package dev.sealpost.mailauth.dkim;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A key record at SELECTOR._domainkey.DOMAIN (RFC 6376 §3.6.1).
 *
 * @param key empty when p= is empty: the key was revoked
 * @param strict t=s: the i= domain must be d= itself, not a subdomain
 */
record DkimKeyRecord(String keyType, Optional<PublicKey> key, boolean strict, boolean testing, List<String> hashes) {

  static DkimKeyRecord parse(String text) throws DkimSyntaxException {
    TagList tags = TagList.parse(text);
    if (tags.has("v")) {
      if (!tags.first().orElse("").equals("v") || !tags.require("v").equals("DKIM1")) {
        throw new DkimSyntaxException("key record v= must come first and be DKIM1");
      }
    }
    String k = tags.get("k").orElse("rsa").toLowerCase(Locale.ROOT);
    String p = tags.require("p").replaceAll("[ \t\r\n]", "");
    List<String> services = Arrays.stream(tags.get("s").orElse("*").split(":")).map(String::strip).toList();
    if (!services.contains("*") && !services.contains("email")) {
      throw new DkimSyntaxException("key is not for email (s=" + tags.get("s").orElse("") + ")");
    }
    List<String> flags = Arrays.stream(tags.get("t").orElse("").split(":")).map(String::strip).toList();
    List<String> hashes = tags.has("h")
        ? Arrays.stream(tags.require("h").split(":")).map(x -> x.strip().toLowerCase(Locale.ROOT)).toList() : List.of();
    if (p.isEmpty()) {
      return new DkimKeyRecord(k, Optional.empty(), flags.contains("s"), flags.contains("y"), hashes);
    }
    byte[] data;
    try {
      data = Base64.getDecoder().decode(p);
    } catch (IllegalArgumentException e) {
      throw new DkimSyntaxException("p= is not base64");
    }
    try {
      return new DkimKeyRecord(k, Optional.of(DkimKeys.publicKey(k, data)), flags.contains("s"), flags.contains("y"),
          hashes);
    } catch (GeneralSecurityException e) {
      throw new DkimSyntaxException("p= is not a usable " + k + " key: " + e.getMessage());
    }
  }
}
