package dev.sealpost.cli;

import dev.sealpost.dns.DnsResult;
import dev.sealpost.mailauth.dkim.Algorithm;
import dev.sealpost.mailauth.dkim.DkimKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sealpost dkim keygen|check}: make a signing key and its DNS record, and check what is published. */
@Command(name = "dkim", mixinStandardHelpOptions = true, description = "DKIM (RFC 6376) keys.",
    subcommands = {DkimCommand.Keygen.class, DkimCommand.Check.class})
final class DkimCommand implements Runnable {

  @Override
  public void run() {
    throw new CliException("dkim: give a subcommand: keygen, check");
  }

  static Path defaultKeyFile(DataDirOptions where, String domain, String selector) {
    return where.dataDirectory().resolve("dkim").resolve(selector + "." + domain + ".pem");
  }

  static void checkNames(String domain, String selector) {
    if (!domain.matches("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+")) {
      throw new CliException("--domain: '" + domain + "' is not a domain name");
    }
    if (!selector.matches("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
      throw new CliException("--selector: '" + selector + "' is not a DNS label");
    }
  }

  @Command(name = "keygen", mixinStandardHelpOptions = true,
      description = "Generate a signing key (mode 600) and print the TXT record to publish.")
  static final class Keygen implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DataDirOptions where;
    @Option(names = "--domain", required = true) String domain;
    @Option(names = "--selector", required = true) String selector;
    @Option(names = "--algorithm", defaultValue = "rsa", description = "rsa (2048 bits, default) or ed25519.")
    String algorithm;
    @Option(names = "--out", paramLabel = "FILE", description = "Key file (default: DATA/dkim/SELECTOR.DOMAIN.pem).")
    Path out;

    @Override
    public Integer call() throws IOException {
      checkNames(domain, selector);
      Algorithm a = switch (algorithm.toLowerCase(Locale.ROOT)) {
        case "rsa" -> Algorithm.RSA_SHA256;
        case "ed25519" -> Algorithm.ED25519_SHA256;
        default -> throw new CliException("--algorithm: '" + algorithm + "' is not rsa or ed25519");
      };
      Path file = out != null ? out : defaultKeyFile(where, domain.toLowerCase(Locale.ROOT), selector);
      if (Files.exists(file)) {
        throw new CliException(file + " exists; a key is never overwritten (choose another --selector or --out)");
      }
      Files.createDirectories(file.toAbsolutePath().getParent());
      KeyPair pair = DkimKeys.generate(a, 2048);
      DkimKeys.writePrivateKey(pair.getPrivate(), file);
      PrintWriter p = spec.commandLine().getOut();
      p.println("key: " + file + " (" + a.token() + ", mode 600)");
      p.println();
      p.println("Publish this TXT record:");
      p.println(selector + "._domainkey." + domain + ".  IN TXT  \"" + DkimKeys.dnsRecord(a, pair.getPublic()) + "\"");
      p.println();
      p.println("and sign with it (sealpost.toml):");
      p.println("[[dkim]]");
      p.println("domain = \"" + domain + "\"");
      p.println("selector = \"" + selector + "\"");
      p.println("key-file = \"" + file.toAbsolutePath() + "\"");
      p.flush();
      return 0;
    }
  }

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = {"Look up SELECTOR._domainkey.DOMAIN and check that it is a valid key record that matches the",
          "private key. Exit status: 0 matches, 1 missing, invalid or different."})
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DataDirOptions where;
    @Option(names = "--domain", required = true) String domain;
    @Option(names = "--selector", required = true) String selector;
    @Option(names = "--key", paramLabel = "FILE", description = "Private key (default: DATA/dkim/SELECTOR.DOMAIN.pem).")
    Path key;
    @Mixin DnsOptions dns;

    @Override
    public Integer call() {
      checkNames(domain, selector);
      PrintWriter p = spec.commandLine().getOut();
      String name = selector + "._domainkey." + domain;
      DnsResult<String> txt = dns.resolver().txt(name).toCompletableFuture().join();
      if (txt instanceof DnsResult.TemporaryFailure<String> t) {
        p.println("ERROR " + name + ": lookup failed: " + t.reason());
        p.flush();
        return 1;
      }
      List<String> records = txt.records().stream().filter(r -> r.contains("p=")).toList();
      if (records.size() != 1) {
        p.println("ERROR " + name + ": " + (records.isEmpty() ? "no DKIM key record published"
            : records.size() + " key records; publish exactly one"));
        p.flush();
        return 1;
      }
      String published = records.getFirst();
      p.println("published: " + published);
      Path file = key != null ? key : defaultKeyFile(where, domain.toLowerCase(Locale.ROOT), selector);
      String expected;
      try {
        PrivateKey privateKey = DkimKeys.readPrivateKey(file);
        Algorithm a = DkimKeys.algorithmOf(privateKey);
        expected = DkimKeys.dnsRecord(a, publicKeyOf(privateKey, a));
      } catch (IOException | GeneralSecurityException e) {
        throw new CliException("cannot read the private key " + file + ": " + e.getMessage());
      }
      if (!pValue(published).equals(pValue(expected)) || !kValue(published).equals(kValue(expected))) {
        p.println("ERROR the published key is not the public half of " + file);
        p.println("expected:  " + expected);
        p.flush();
        return 1;
      }
      p.println("OK " + name + " matches " + file);
      p.flush();
      return 0;
    }

    static PublicKey publicKeyOf(PrivateKey key, Algorithm a) throws GeneralSecurityException {
      if (a == Algorithm.RSA_SHA256) {
        return DkimKeys.rsaPublicKeyOf(key);
      }
      byte[] pkcs8 = key.getEncoded();
      var priv = new org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters(
          Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length), 0);
      byte[] raw = priv.generatePublicKey().getEncoded();
      byte[] spki = java.util.HexFormat.of().parseHex("302a300506032b6570032100");
      byte[] full = Arrays.copyOf(spki, spki.length + 32);
      System.arraycopy(raw, 0, full, spki.length, 32);
      return java.security.KeyFactory.getInstance("Ed25519").generatePublic(new java.security.spec.X509EncodedKeySpec(full));
    }

    static String pValue(String record) {
      var m = java.util.regex.Pattern.compile("(?:^|;)\\s*p\\s*=\\s*([^;]*)").matcher(record);
      return m.find() ? m.group(1).replaceAll("\\s", "") : "";
    }

    private static String kValue(String record) {
      var m = java.util.regex.Pattern.compile("(?:^|;)\\s*k\\s*=\\s*([^;\\s]*)").matcher(record);
      return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : "rsa";
    }
  }
}
