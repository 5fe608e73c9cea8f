package dev.sealpost.mailauth.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.dns.DnsServer;
import dev.sealpost.dns.DnsjavaResolver;
import dev.sealpost.testing.FakeDnsServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DKIM signing and verification with our own keys, records served by a DNS server on loopback. */
class DkimTest {

  @TempDir Path dir;
  private final FakeDnsServer dns = FakeDnsServer.start();
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);

  static final String MESSAGE = "From: Alice <alice@example.test>\r\nTo: bob@remote.test\r\nSubject: Quarterly"
      + "  numbers\r\nDate: Sat, 28 Nov 2026 12:00:00 +0000\r\nMessage-ID: <q4@example.test>\r\n\r\n"
      + "The numbers are in.  \r\nAll  green.\r\n\r\n\r\n";

  @AfterEach
  void stop() {
    dns.close();
  }

  private DkimVerifier verifier() {
    return new DkimVerifier(DnsjavaResolver.builder().servers(List.of(DnsServer.parse(dns.address()))).build(), clock);
  }

  private DkimSigner.Key publish(String selector, Algorithm algorithm) {
    KeyPair pair = DkimKeys.generate(algorithm, 2048);
    dns.txt(selector + "._domainkey.example.test", DkimKeys.dnsRecord(algorithm, pair.getPublic()));
    return new DkimSigner.Key("example.test", selector, pair.getPrivate());
  }

  private List<DkimResult> verify(String message) {
    return verifier().verify(message.getBytes(StandardCharsets.UTF_8)).toCompletableFuture().join();
  }

  @Test
  void dualSignedRsaAndEd25519BothVerifyAndAByteChangedAnywhereFails() throws Exception {
    DkimSigner signer = new DkimSigner(List.of(publish("rsa", Algorithm.RSA_SHA256),
        publish("ed", Algorithm.ED25519_SHA256)), clock);
    String signed = String.join("", signer.sign(MESSAGE.getBytes(StandardCharsets.UTF_8))) + MESSAGE;
    assertThat(verify(signed)).extracting(DkimResult::status, DkimResult::algorithm).containsExactly(
        org.assertj.core.groups.Tuple.tuple(DkimResult.Status.PASS, "rsa-sha256"),
        org.assertj.core.groups.Tuple.tuple(DkimResult.Status.PASS, "ed25519-sha256"));
    // relaxed canonicalization tolerates whitespace changes, not content changes
    assertThat(verify(signed.replace("All  green.", "All green.  "))).allMatch(r -> r.status() == DkimResult.Status.PASS);
    assertThat(verify(signed.replace("All  green.", "All red."))).allMatch(r -> r.status() == DkimResult.Status.FAIL
        && r.reason().equals("body hash did not verify"));
    assertThat(verify(signed.replace("Subject: Quarterly", "Subject: Quarterlx")))
        .allMatch(r -> r.status() == DkimResult.Status.FAIL && r.reason().equals("signature did not verify"));
  }

  @Test
  void overSigningMakesAnAddedFromToOrSubjectBreakTheSignature() throws Exception {
    DkimSigner signer = new DkimSigner(List.of(publish("ed", Algorithm.ED25519_SHA256)), clock);
    String signed = String.join("", signer.sign(MESSAGE.getBytes(StandardCharsets.UTF_8))) + MESSAGE;
    assertThat(signed).contains("h=from:from:subject:subject:date:date:message-id:to:to;");
    for (String added : List.of("From: Mallory <ceo@example.test>\r\n", "To: victim@remote.test\r\n",
        "Subject: Urgent wire transfer\r\n", "Date: Mon, 1 Jan 2029 00:00:00 +0000\r\n")) {
      String tampered = signed.replace("Message-ID:", added + "Message-ID:");
      assertThat(verify(tampered)).as(added).singleElement()
          .satisfies(r -> assertThat(r.status()).isEqualTo(DkimResult.Status.FAIL));
    }
    // A field that is not signed may be added (a Received trace, for instance).
    assertThat(verify("Received: from relay\r\n" + signed)).singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo(DkimResult.Status.PASS));
  }

  @Test
  void simpleCanonicalizationAndALargeBodyStreamed() throws Exception {
    DkimSigner signer = new DkimSigner(List.of(publish("rsa", Algorithm.RSA_SHA256)), Canonicalization.SIMPLE,
        Canonicalization.SIMPLE, clock);
    String big = MESSAGE + ("0123456789 abcdefghij\r\n").repeat(200_000);
    String signed = String.join("", signer.sign(new java.io.ByteArrayInputStream(big.getBytes(StandardCharsets.US_ASCII))))
        + big;
    assertThat(signed).contains("c=simple/simple");
    assertThat(verify(signed)).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(DkimResult.Status.PASS));
    assertThat(verify(signed.replace("All  green.", "All green."))).singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo(DkimResult.Status.FAIL));
  }

  @Test
  void theRfc8463ExampleVerifies() throws Exception {
    String message;
    try (InputStream in = getClass().getResourceAsStream("rfc8463-a3.msg")) {
      message = new String(in.readAllBytes(), StandardCharsets.US_ASCII).replace("\r\n", "\n").replace("\n", "\r\n");
    }
    // RFC 8463 Appendix A.2: the keys of football.example.com (brisbane: Ed25519; test: RSA).
    dns.txt("brisbane._domainkey.football.example.com", "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
        .txt("test._domainkey.football.example.com", "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTz"
            + "WRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKr"
            + "M3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB");
    assertThat(verify(message)).extracting(DkimResult::status, DkimResult::selector).containsExactly(
        org.assertj.core.groups.Tuple.tuple(DkimResult.Status.PASS, "brisbane"),
        org.assertj.core.groups.Tuple.tuple(DkimResult.Status.PASS, "test"));
    assertThat(verify(message.replace("We lost the game.", "We won the game."))).extracting(DkimResult::status)
        .containsOnly(DkimResult.Status.FAIL);
  }

  @Test
  void rsaSha1SmallKeysRevokedKeysExpiryAndBrokenFieldsAreReportedAsTheRfcsSay() throws Exception {
    KeyPair small = DkimKeys.generate(Algorithm.RSA_SHA256, 768);
    dns.txt("small._domainkey.example.test", DkimKeys.dnsRecord(Algorithm.RSA_SHA256, small.getPublic()))
        .txt("gone._domainkey.example.test", "v=DKIM1; k=rsa; p=");
    String smallSigned = String.join("", new DkimSigner(List.of(new DkimSigner.Key("example.test", "small",
        small.getPrivate())), clock).sign(MESSAGE.getBytes(StandardCharsets.UTF_8))) + MESSAGE;
    assertThat(verify(smallSigned)).singleElement().satisfies(r -> {
      assertThat(r.status()).isEqualTo(DkimResult.Status.FAIL);
      assertThat(r.reason()).contains("under 1024");
    });
    assertThat(verify(smallSigned.replace("s=small", "s=gone"))).singleElement()
        .satisfies(r -> assertThat(r.reason()).isEqualTo("key revoked (empty p=)"));
    assertThat(verify(smallSigned.replace("a=rsa-sha256", "a=rsa-sha1"))).singleElement()
        .satisfies(r -> assertThat(r.reason()).contains("RFC 8301"));
    assertThat(verify(smallSigned.replace("s=small", "s=nokey"))).singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo(DkimResult.Status.PERMERROR));
    assertThat(verify(smallSigned.replace("h=from:from:", "h="))).singleElement().satisfies(r -> {
      assertThat(r.status()).isEqualTo(DkimResult.Status.PERMERROR);
      assertThat(r.reason()).contains("From");
    });
    assertThat(verify(smallSigned.replace("v=1;", "v=1; d=other.test;"))).singleElement()
        .satisfies(r -> assertThat(r.reason()).contains("appears twice"));
    String beforeT = smallSigned.replace("; h=", "; x=" + (clock.instant().getEpochSecond() - 1) + "; h=");
    assertThat(verify(beforeT)).singleElement().satisfies(r -> assertThat(r.reason()).contains("x= is before t="));
    String expiring = smallSigned.replace("; h=", "; x=" + (clock.instant().getEpochSecond() + 60) + "; h=");
    var later = new DkimVerifier(DnsjavaResolver.builder().servers(List.of(DnsServer.parse(dns.address()))).build(),
        Clock.offset(clock, java.time.Duration.ofHours(1)));
    assertThat(later.verify(expiring.getBytes(StandardCharsets.UTF_8)).toCompletableFuture().join()).singleElement()
        .satisfies(r -> {
          assertThat(r.status()).isEqualTo(DkimResult.Status.FAIL);
          assertThat(r.reason()).contains("expired");
        });
  }

  @Test
  void sealpostSignsWithoutABodyLengthSoAppendedContentFails() throws Exception {
    KeyPair pair = DkimKeys.generate(Algorithm.ED25519_SHA256, 0);
    dns.txt("ed._domainkey.example.test", DkimKeys.dnsRecord(Algorithm.ED25519_SHA256, pair.getPublic()));
    // No l=: content appended after signing (the l= attack) breaks the signature. Signatures made by others
    // with l= are verified and flagged in DkimpyInteropTest.
    DkimSigner signer = new DkimSigner(List.of(new DkimSigner.Key("example.test", "ed", pair.getPrivate())), clock);
    String header = signer.sign(MESSAGE.getBytes(StandardCharsets.UTF_8)).getFirst();
    assertThat(header).doesNotContain("l=");
    assertThat(verify(header + MESSAGE + "Click here: http://evil.example/\r\n")).singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo(DkimResult.Status.FAIL));
  }

  @Test
  void keysAreWrittenMode600AndReadBack() throws Exception {
    for (Algorithm a : Algorithm.values()) {
      KeyPair pair = DkimKeys.generate(a, 2048);
      Path file = dir.resolve(a.token() + ".pem");
      DkimKeys.writePrivateKey(pair.getPrivate(), file);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
      assertThat(DkimKeys.readPrivateKey(file).getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
      assertThat(DkimKeys.dnsRecord(a, pair.getPublic())).startsWith("v=DKIM1; k=" + a.keyType() + "; p=");
    }
  }
}
