package dev.sealpost.cli.send;

import java.util.ArrayList;
import java.util.List;

/**
 * The traditional {@code sendmail} command line, as cron, PHP's mail(), git send-email, mutt and
 * logwatch call it: {@code -t}, {@code -i}/{@code -oi}, {@code -f ADDR} or {@code -fADDR},
 * {@code -F NAME}, {@code -B TYPE}, harmless {@code -o*} and {@code -v}, then recipients. Options that
 * would ask for another mode (queue runs, daemon, address test) are refused by name, since silently
 * doing something else with a message is worse than failing.
 */
public record SendmailArguments(boolean recipientsFromHeaders, boolean dotIsData, String sender,
    String fullName, String configFile, List<String> recipients, List<String> ignored) {

  public SendmailArguments {
    recipients = List.copyOf(recipients);
    ignored = List.copyOf(ignored);
  }

  /** @throws IllegalArgumentException naming the option that cannot be honoured */
  public static SendmailArguments parse(List<String> args) {
    boolean fromHeaders = false;
    boolean dotIsData = false;
    String sender = null;
    String fullName = null;
    String config = null;
    List<String> recipients = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--")) {
        recipients.addAll(args.subList(i + 1, args.size()));
        break;
      }
      if (!a.startsWith("-") || a.equals("-")) {
        recipients.add(a);
        continue;
      }
      if (a.equals("--config")) {
        config = value(args, ++i, a);
      } else if (a.startsWith("--config=")) {
        config = a.substring("--config=".length());
      } else if (a.equals("-t")) {
        fromHeaders = true;
      } else if (a.equals("-i") || a.equals("-oi")) {
        dotIsData = true;
      } else if (a.startsWith("-f") || a.startsWith("-r")) { // -r is the old synonym for -f
        sender = a.length() > 2 ? a.substring(2) : value(args, ++i, a);
      } else if (a.startsWith("-F")) {
        fullName = a.length() > 2 ? a.substring(2) : value(args, ++i, a);
      } else if (a.equals("-B")) {
        ignored.add(a + " " + value(args, ++i, a)); // the body type is decided from the content itself
      } else if (a.startsWith("-B") || a.startsWith("-o") || a.equals("-v") || a.startsWith("-N")
          || a.startsWith("-R") || a.startsWith("-V") || a.startsWith("-X") || a.equals("-em")
          || a.startsWith("-h") || a.equals("-U") || a.startsWith("-L")) {
        ignored.add(a);
      } else if (a.startsWith("-b")) {
        if (!a.equals("-bm")) {
          throw new IllegalArgumentException("sendmail mode " + a + " is not supported: Sealpost's sendmail"
              + " only delivers a message (-bm)");
        }
      } else if (a.startsWith("-q")) {
        throw new IllegalArgumentException(a + ": there is no local queue to run; messages go straight to the"
            + " configured server");
      } else {
        throw new IllegalArgumentException("unknown sendmail option " + a);
      }
    }
    return new SendmailArguments(fromHeaders, dotIsData, sender, fullName, config, recipients, ignored);
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(i);
  }
}
