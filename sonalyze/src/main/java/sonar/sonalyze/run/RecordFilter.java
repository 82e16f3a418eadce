package sonar.sonalyze.run;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import sonar.sonalyze.cli.Command;
import sonar.sonalyze.cli.ParsedFlags;
import sonar.sonalyze.data.RustIntegers;
import sonar.sonalyze.data.Sample;
import sonar.sonalyze.hosts.HostFilter;

/**
 * Which records a command looks at, with the reference's defaults: {@code --user} if given ({@code -}
 * for everyone); else everyone for load, parse and metadata, with {@code --job}, with
 * {@code --exclude-user} and for {@code jobs --zombie}; else only {@code $LOGNAME}. With {@code --job},
 * root and zabbix are left out (but not for load, parse and metadata). Jobs and load leave out the
 * shells and daemons (bash, zsh, sshd, tmux, systemd) and heartbeats, profile leaves out heartbeats.
 * Then hosts, jobs, commands and the time window. Immutable, thread-safe.
 */
public final class RecordFilter implements Predicate<Sample> {

  private static final List<String> SYSTEM_COMMANDS = List.of("bash", "zsh", "sshd", "tmux", "systemd");

  private final Set<String> users;
  private final Set<String> excludedUsers;
  private final Set<String> commands;
  private final Set<String> excludedCommands;
  private final Set<Long> jobs;
  private final HostFilter hosts;
  private final Window window;
  private final Map<String, Boolean> hostMatches = new ConcurrentHashMap<>();

  private RecordFilter(Set<String> users, Set<String> excludedUsers, Set<String> commands,
      Set<String> excludedCommands, Set<Long> jobs, HostFilter hosts, Window window) {
    this.users = Set.copyOf(users);
    this.excludedUsers = Set.copyOf(excludedUsers);
    this.commands = Set.copyOf(commands);
    this.excludedCommands = Set.copyOf(excludedCommands);
    this.jobs = Set.copyOf(jobs);
    this.hosts = hosts;
    this.window = window;
  }

  /**
   * @throws Failure when a {@code --job} is not a job number
   */
  public static RecordFilter of(Command command, ParsedFlags flags, Map<String, String> env, HostFilter hosts,
      Window window) {
    boolean rawData = command == Command.LOAD || command == Command.PARSE || command == Command.METADATA;
    List<String> jobArgs = flags.values("job");
    boolean allUsers;
    boolean skipSystemUsers = false;
    if (rawData) {
      allUsers = true;
    } else if (!jobArgs.isEmpty()) {
      allUsers = true;
      skipSystemUsers = true;
    } else if (!flags.values("exclude-user").isEmpty()) {
      allUsers = true;
    } else {
      allUsers = command == Command.JOBS && flags.has("zombie");
    }
    Set<String> users = new HashSet<>();
    List<String> userArgs = flags.values("user");
    if (!userArgs.isEmpty()) {
      if (!userArgs.contains("-")) {
        users.addAll(userArgs);
      }
    } else if (!allUsers && env.get("LOGNAME") != null) {
      users.add(env.get("LOGNAME"));
    }
    Set<String> excludedUsers = new HashSet<>(flags.values("exclude-user"));
    if (skipSystemUsers) {
      excludedUsers.add("root");
      excludedUsers.add("zabbix");
    }
    Set<String> excludedCommands = new HashSet<>(flags.values("exclude-command"));
    if (command == Command.JOBS || command == Command.LOAD) {
      excludedCommands.addAll(SYSTEM_COMMANDS);
    }
    if (command == Command.JOBS || command == Command.LOAD || command == Command.PROFILE) {
      excludedCommands.add(Sample.HEARTBEAT_COMMAND);
    }
    return new RecordFilter(users, excludedUsers, new HashSet<>(flags.values("command")), excludedCommands,
        checkJobs(flags),
        hosts, window);
  }

  /**
   * The job numbers of {@code --job}.
   *
   * @throws Failure when one is not a job number
   */
  static Set<Long> checkJobs(ParsedFlags flags) {
    Set<Long> jobs = new HashSet<>();
    for (String job : flags.values("job")) {
      long number = RustIntegers.u32(job);
      if (number < 0) {
        throw new Failure("--job: \"" + job + "\" is not a job number");
      }
      jobs.add(number);
    }
    return jobs;
  }

  @Override
  public boolean test(Sample sample) {
    return (users.isEmpty() || users.contains(sample.user))
        && matchesHost(sample.host)
        && (jobs.isEmpty() || jobs.contains(sample.job))
        && !excludedUsers.contains(sample.user)
        && (commands.isEmpty() || commands.contains(sample.cmd))
        && !excludedCommands.contains(sample.cmd)
        && window.contains(sample.time);
  }

  /**
   * Whether no sample with this command can pass: such samples may be left out while reading, since
   * every sample of their stream has the same command and the stream would be dropped whole.
   */
  public boolean excludesCommand(String cmd) {
    return excludedCommands.contains(cmd) || (!commands.isEmpty() && !commands.contains(cmd));
  }

  public boolean matchesHost(String host) {
    if (hosts.isEmpty()) {
      return true;
    }
    return hostMatches.computeIfAbsent(host, hosts::matches);
  }

  public Set<Long> jobs() {
    return jobs;
  }
}
