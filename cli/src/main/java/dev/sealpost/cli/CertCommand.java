package dev.sealpost.cli;

import dev.sealpost.mailauth.dkim.DkimKeys;
import dev.sealpost.server.config.ConfigLoader;
import dev.sealpost.server.config.ServerConfig;
import dev.sealpost.tls.PemKeyMaterialLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sealpost cert next-tlsa}: the DANE "3 1 1 current + next" rollover (RFC 7671 §8.1). */
@Command(name = "cert", mixinStandardHelpOptions = true, description = "Certificate tools.",
    subcommands = {CertCommand.NextTlsa.class, CertCommand.Renew.class})
final class CertCommand implements Runnable {

  @Override
  public void run() {
    throw new CliException("cert: give a subcommand: next-tlsa, renew");
  }

  @Command(name = "renew", mixinStandardHelpOptions = true,
      description = {"Make the running server renew its ACME certificate now and wait for the outcome",
          "(exit 1 when it failed: the certificate in use stays)."})
  static final class Renew implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DataDirOptions where;

    @Override
    public Integer call() throws IOException {
      return ServerRequest.run(spec, where, "acme-renew");
    }
  }

  @Command(name = "next-tlsa", mixinStandardHelpOptions = true,
      description = {"Print the TLSA records (3 1 1) of the current key and of the next one, made now if",
          "there is none (DATA/tls/next.key, mode 600), so that both are published before the key changes."})
  static final class NextTlsa implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DataDirOptions where;

    @Option(names = "--port", defaultValue = "25", description = "The port of the TLSA name (default 25, the MX).")
    int port;

    @Override
    public Integer call() throws IOException, GeneralSecurityException {
      Path file = where.config != null ? where.config : where.dataDirectory().resolve("sealpost.toml");
      ServerConfig c = ConfigLoader.load(file);
      var current = PemKeyMaterialLoader.load(c.tls().certificate(), c.tls().key()).leaf().getPublicKey();
      Path dir = c.tls().key().toAbsolutePath().getParent();
      Path nextKey = dir.resolve("next.key");
      Path nextPub = dir.resolve("next.pub");
      byte[] nextSpki;
      boolean made = false;
      if (Files.exists(nextPub)) {
        nextSpki = Base64.getMimeDecoder().decode(Files.readString(nextPub, StandardCharsets.US_ASCII)
            .replaceAll("-----[A-Z ]+-----", ""));
        KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(nextSpki)); // a usable key, not junk
      } else {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1")); // ECDSA P-256: the fast handshake
        KeyPair pair = g.generateKeyPair();
        DkimKeys.writePrivateKey(pair.getPrivate(), nextKey);
        nextSpki = pair.getPublic().getEncoded();
        Files.writeString(nextPub, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64,
            "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(nextSpki) + "\n-----END PUBLIC KEY-----\n");
        made = true;
      }
      String name = "_" + port + "._tcp." + c.hostname() + ".";
      PrintWriter out = spec.commandLine().getOut();
      out.println("; publish both now; once certificates use the next key (" + nextKey + "), and after the TTL,");
      out.println("; remove the first record (RFC 7671 8.1, \"3 1 1 current + next\")");
      out.println(name + " IN TLSA 3 1 1 " + sha256(current.getEncoded()) + " ; current key");
      out.println(name + " IN TLSA 3 1 1 " + sha256(nextSpki) + " ; next key" + (made ? " (made now)" : ""));
      out.flush();
      return 0;
    }

    private static String sha256(byte[] data) throws GeneralSecurityException {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
  }
}
