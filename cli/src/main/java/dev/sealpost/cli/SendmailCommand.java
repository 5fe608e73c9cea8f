package dev.sealpost.cli;

import dev.sealpost.cli.send.ClientSettings;
import dev.sealpost.cli.send.SendmailArguments;
import dev.sealpost.cli.send.SendmailMessage;
import dev.sealpost.cli.send.SendmailSettingsFile;
import dev.sealpost.cli.send.Submission;
import dev.sealpost.client.Mail;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code sealpost sendmail}: the classic {@code sendmail -t -i -f ADDR} entry point, so that cron, PHP,
 * logwatch and friends can send through an authenticated TLS connection. Its own arguments follow
 * sendmail's conventions, not ours, so they are parsed by {@link SendmailArguments}.
 */
@Command(name = "sendmail",
    description = {"Accept a message on standard input the way sendmail does (-t, -i/-oi, -f ADDR, -F NAME)",
        "and send it to the server named in the settings file (--config FILE, $SEALPOST_SENDMAIL_CONFIG,",
        "~/.config/sealpost/sendmail.toml or /etc/sealpost/sendmail.toml). Silent on success.",
        "Exit status (sysexits.h): 0 sent, 64 usage, 67 recipient refused, 69 refused, 75 try again later,",
        "77 authentication failed, 78 settings error."})
final class SendmailCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Unmatched List<String> args = new ArrayList<>();

  /** Where the message comes from; tests replace it. */
  static InputStream input() {
    return System.in;
  }

  @Override
  public Integer call() {
    var err = spec.commandLine().getErr();
    SendmailArguments a;
    try {
      a = SendmailArguments.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("sendmail: " + e.getMessage());
      err.flush();
      return Submission.EX_USAGE;
    }
    Map<String, String> env = System.getenv();
    ClientSettings settings;
    try {
      Path file = SendmailSettingsFile.locate(a.configFile(), env);
      settings = SendmailSettingsFile.load(file, env);
    } catch (IllegalArgumentException e) {
      err.println("sendmail: " + e.getMessage());
      err.flush();
      return Submission.EX_CONFIG;
    }
    Mail mail;
    try {
      mail = SendmailMessage.read(a, settings, input());
    } catch (IllegalArgumentException | IOException e) {
      err.println("sendmail: " + e.getMessage());
      err.flush();
      return Submission.EX_USAGE;
    }
    Submission submission = new Submission(settings, false);
    Submission.Outcome outcome = submission.send(mail);
    if (outcome.exitStatus() != Submission.OK) {
      // Like sendmail: nothing on success, the reason on failure.
      submission.printText(outcome, new java.io.PrintWriter(java.io.OutputStream.nullOutputStream()), err);
    }
    return outcome.exitStatus();
  }
}
