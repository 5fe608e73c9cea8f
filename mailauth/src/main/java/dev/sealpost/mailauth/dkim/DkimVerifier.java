package dev.sealpost.mailauth.dkim;

import dev.sealpost.dns.DnsResolver;
import dev.sealpost.dns.DnsResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Verifies every DKIM-Signature of a message (RFC 6376 §6), at most {@value #MAX_SIGNATURES}: the body
 * is read once, hashed for each distinct canonicalization and l=; the keys are looked up in parallel.
 * rsa-sha1 and RSA keys under 1024 bits fail (RFC 8301); Ed25519 is verified (RFC 8463).
 *
 * <p>Reading the message is blocking I/O on the caller's thread (a virtual thread in the server); the
 * DNS lookups are asynchronous.
 */
public final class DkimVerifier {

  static final int MAX_SIGNATURES = 10;

  private final DnsResolver dns;
  private final Clock clock;

  public DkimVerifier(DnsResolver dns, Clock clock) {
    this.dns = dns;
    this.clock = clock;
  }

  public CompletionStage<List<DkimResult>> verify(byte[] message) {
    try {
      return verify(new ByteArrayInputStream(message));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public CompletionStage<List<DkimResult>> verify(InputStream message) throws IOException {
    MessageReader.Split split = MessageReader.split(message);
    List<HeaderField> fields;
    try {
      fields = HeaderField.parse(split.header(), 10_000).fields();
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(List.of(new DkimResult(DkimResult.Status.PERMERROR, "", "", "", "",
          e.getMessage(), false)));
    }
    List<Object> parsed = new ArrayList<>(); // DkimSignatureField or DkimResult (permerror)
    for (HeaderField f : fields) {
      if (!f.key().equals("dkim-signature")) {
        continue;
      }
      if (parsed.size() == MAX_SIGNATURES) {
        break; // the rest are not looked at: a message cannot make us do unbounded work
      }
      try {
        parsed.add(DkimSignatureField.parse(f));
      } catch (DkimSyntaxException e) {
        parsed.add(new DkimResult(DkimResult.Status.PERMERROR, domainHint(f), "", "", "", e.getMessage(), false));
      }
    }
    Map<String, Canonicalization.BodyHasher> hashers = new HashMap<>();
    for (Object p : parsed) {
      if (p instanceof DkimSignatureField s) {
        hashers.computeIfAbsent(bodyKey(s), k -> s.bodyCanon().new BodyHasher(digest(s.algorithm()), s.length()));
      }
    }
    if (!hashers.isEmpty()) {
      feed(hashers, split.bodyStart(), split.bodyStart().length);
      byte[] buf = new byte[65536];
      for (int n; (n = split.rest().read(buf)) > 0; ) {
        feed(hashers, buf, n);
      }
    }
    Map<String, byte[]> bodyHashes = new HashMap<>();
    hashers.forEach((k, h) -> bodyHashes.put(k, h.finish()));
    List<CompletableFuture<DkimResult>> results = new ArrayList<>();
    for (Object p : parsed) {
      if (p instanceof DkimResult r) {
        results.add(CompletableFuture.completedFuture(r));
      } else {
        DkimSignatureField s = (DkimSignatureField) p;
        Canonicalization.BodyHasher h = hashers.get(bodyKey(s));
        results.add(check(s, fields, bodyHashes.get(bodyKey(s)), s.length() >= 0 && h.totalLength() > s.length()));
      }
    }
    return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
        .thenApply(v -> results.stream().map(CompletableFuture::join).toList());
  }

  private CompletableFuture<DkimResult> check(DkimSignatureField s, List<HeaderField> fields, byte[] bodyHash,
      boolean unsignedContent) {
    if (s.algorithm().equals("rsa-sha1")) {
      return done(s, DkimResult.Status.FAIL, "rsa-sha1 is not accepted (RFC 8301)", false);
    }
    Algorithm algorithm = Algorithm.of(s.algorithm()).orElse(null);
    if (algorithm == null) {
      return done(s, DkimResult.Status.PERMERROR, "unknown algorithm a=" + s.algorithm(), false);
    }
    if (s.expiry().isPresent() && clock.instant().isAfter(s.expiry().get())) {
      return done(s, DkimResult.Status.FAIL, "signature expired at " + s.expiry().get() + " (x=)", false);
    }
    if (!MessageDigest.isEqual(bodyHash, s.bh())) {
      return done(s, DkimResult.Status.FAIL, "body hash did not verify", false);
    }
    String name = s.selector() + "._domainkey." + s.domain();
    return dns.txt(name).toCompletableFuture().thenApply(txt -> {
      if (txt instanceof DnsResult.TemporaryFailure<String> t) {
        return result(s, DkimResult.Status.TEMPERROR, "key lookup " + name + " failed: " + t.reason(), false);
      }
      if (txt.records().isEmpty()) {
        return result(s, DkimResult.Status.PERMERROR, "no key record at " + name, false);
      }
      DkimKeyRecord key;
      try {
        key = DkimKeyRecord.parse(txt.records().getFirst());
      } catch (DkimSyntaxException e) {
        return result(s, DkimResult.Status.PERMERROR, "key record at " + name + ": " + e.getMessage(), false);
      }
      if (!key.keyType().equals(algorithm.keyType())) {
        return result(s, DkimResult.Status.PERMERROR, "key type k=" + key.keyType() + " does not fit a=" + s.algorithm(),
            false);
      }
      if (!key.hashes().isEmpty() && !key.hashes().contains("sha256")) {
        return result(s, DkimResult.Status.PERMERROR, "key record allows only h=" + key.hashes(), false);
      }
      if (key.key().isEmpty()) {
        return result(s, DkimResult.Status.FAIL, "key revoked (empty p=)", false);
      }
      if (key.strict() && !s.identity().substring(s.identity().lastIndexOf('@') + 1).equalsIgnoreCase(s.domain())) {
        return result(s, DkimResult.Status.FAIL, "key has t=s but i= is a subdomain of d=", false);
      }
      PublicKey publicKey = key.key().get();
      if (DkimKeys.rsaBits(publicKey) < 1024) {
        return result(s, DkimResult.Status.FAIL, "RSA key of " + DkimKeys.rsaBits(publicKey) + " bits, under 1024"
            + " (RFC 8301)", false);
      }
      byte[] data = SignedData.of(fields, s.signedNames(), s.headerCanon(), SignedData.withoutSignatureValue(s.field()));
      boolean ok;
      try {
        Signature verify = Signature.getInstance(algorithm.jca());
        verify.initVerify(publicKey);
        verify.update(algorithm == Algorithm.ED25519_SHA256 ? SignedData.sha256().digest(data) : data);
        ok = verify.verify(s.b());
      } catch (GeneralSecurityException e) {
        ok = false;
      }
      return ok
          ? result(s, DkimResult.Status.PASS, unsignedContent ? "signature verified; l= leaves content after the"
              + " signed part unsigned" : "signature verified", unsignedContent)
          : result(s, DkimResult.Status.FAIL, "signature did not verify", false);
    });
  }

  private static CompletableFuture<DkimResult> done(DkimSignatureField s, DkimResult.Status status, String reason,
      boolean unsigned) {
    return CompletableFuture.completedFuture(result(s, status, reason, unsigned));
  }

  private static DkimResult result(DkimSignatureField s, DkimResult.Status status, String reason, boolean unsigned) {
    return new DkimResult(status, s.domain(), s.selector(), s.algorithm(), s.bPrefix(), reason, unsigned);
  }

  private static String bodyKey(DkimSignatureField s) {
    return s.bodyCanon() + "/" + s.length() + "/" + (s.algorithm().endsWith("sha1") ? "sha1" : "sha256");
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm.endsWith("sha1") ? "SHA-1" : "SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void feed(Map<String, Canonicalization.BodyHasher> hashers, byte[] b, int n) {
    for (Canonicalization.BodyHasher h : hashers.values()) {
      h.update(b, 0, n);
    }
  }

  /** The d= of a field too broken to parse, when it can still be seen, for the report. */
  private static String domainHint(HeaderField f) {
    var m = java.util.regex.Pattern.compile("(?:^|;)\\s*d\\s*=\\s*([^;\\s]+)").matcher(f.value());
    return m.find() ? m.group(1).toLowerCase(java.util.Locale.ROOT) : "";
  }
}
