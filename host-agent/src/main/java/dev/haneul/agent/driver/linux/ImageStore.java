package dev.haneul.agent.driver.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Root filesystems the guests boot from, one directory per image under {@code dir} (outside any checkout, e.g.
 * {@code /var/cache/haneul/images}). The Debian 12 image is built once with {@code debootstrap} from the mirror the
 * machine's own apt uses, under a file lock so that concurrent agents and test runs build it once, into a
 * {@code .building} directory renamed into place only when complete. Later calls reuse it.
 */
public final class ImageStore {
    private static final Logger LOG = Logger.getLogger(ImageStore.class);
    public static final String DEBIAN_12 = "debian-12";
    private static final String PACKAGES = "openssh-server,python3,sudo,iproute2,curl,ca-certificates";
    private static final Pattern DEB_LINE = Pattern.compile("^deb\\s+(?:\\[[^]]*]\\s+)?(\\S+)\\s+bookworm\\s");
    /** File locks exclude other processes; this excludes other threads of this one (FileChannel.lock throws). */
    private static final Object BUILDING = new Object();
    private static final Pattern URIS = Pattern.compile("^URIs:\\s*(\\S+)");

    private final Path dir;
    private final Optional<String> mirror;

    public ImageStore(Path dir, Optional<String> mirror) {
        this.dir = dir;
        this.mirror = mirror;
    }

    /** The root filesystem of {@code imageName}, built first if it does not exist yet. */
    public Path ensure(String imageName) {
        if (!DEBIAN_12.equals(imageName)) {
            throw new IllegalArgumentException("image " + imageName + " cannot be built on this host; only "
                    + DEBIAN_12 + " (debootstrap from Debian's archive) can");
        }
        Path root = dir.resolve(imageName);
        if (Files.isDirectory(root)) {
            return root;
        }
        synchronized (BUILDING) {
            return ensureLocked(root);
        }
    }

    private Path ensureLocked(Path root) {
        if (Files.isDirectory(root)) {
            return root;
        }
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(dir.resolve(".build.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
                if (!Files.isDirectory(root)) {
                    build(root);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build image " + root.getFileName() + " in " + dir, e);
        }
        return root;
    }

    private void build(Path root) {
        String url = mirror.orElseGet(ImageStore::aptMirror);
        Path building = root.resolveSibling(root.getFileName() + ".building");
        long started = System.nanoTime();
        LOG.infof("building image %s with debootstrap from %s (about a minute, once)", root.getFileName(), url);
        Exec.run("rm", "-rf", building.toString());
        Exec.run("nice", "-n", "19", "ionice", "-c3", "debootstrap", "--variant=minbase", "--include=" + PACKAGES,
                "bookworm", building.toString(), url);
        LOG.infof("image %s: base system installed after %d s; adding the default user", root.getFileName(),
                (System.nanoTime() - started) / 1_000_000_000L);
        customise(building);
        try {
            Files.move(building, root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + building + " to " + root, e);
        }
        LOG.infof("image %s built in %d s at %s", root.getFileName(), (System.nanoTime() - started) / 1_000_000_000L,
                root);
    }

    /** The default user {@code admin} with passwordless sudo, no host keys (each guest makes its own), sshd config. */
    static void customise(Path root) {
        Exec.run("chroot", root.toString(), "useradd", "--create-home", "--shell", "/bin/bash", "--groups", "sudo",
                "admin");
        // "*" = no password, but not a locked account (sshd without PAM refuses locked accounts, even with a key)
        Exec.run("chroot", root.toString(), "usermod", "--password", "*", "admin");
        write(root.resolve("etc/sudoers.d/90-haneul-admin"), "admin ALL=(ALL) NOPASSWD:ALL\n");
        write(root.resolve("etc/ssh/sshd_config.d/50-haneul.conf"), """
                # Haneul guest: key login only; no PAM inside the guest's user namespace
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                PermitRootLogin no
                UsePAM no
                """);
        Exec.run("sh", "-c", "rm -f " + root + "/etc/ssh/ssh_host_*");
        Exec.run("chroot", root.toString(), "apt-get", "clean");
        try {
            Files.writeString(root.resolve("etc/hostname"), "localhost\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            Exec.run("chmod", file.toString().contains("sudoers") ? "0440" : "0644", file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The Debian mirror this machine's apt uses for bookworm (sources.list or deb822 .sources files). */
    static String aptMirror() {
        Path etc = Path.of("/etc/apt");
        try (Stream<Path> d = Files.exists(etc.resolve("sources.list.d")) ? Files.list(etc.resolve("sources.list.d"))
                : Stream.empty()) {
            List<Path> files = Stream.concat(Stream.of(etc.resolve("sources.list")), d.sorted())
                    .filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".list") || p.toString().endsWith(".sources")).toList();
            for (Path f : files) {
                Optional<String> found = mirrorIn(Files.readAllLines(f));
                if (found.isPresent()) {
                    return found.get();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read apt's sources", e);
        }
        throw new IllegalStateException("no Debian bookworm mirror found in /etc/apt/sources.list(.d); "
                + "set haneul.agent.linux.debian-mirror");
    }

    /** The first Debian (not security) bookworm URI in one sources file. */
    static Optional<String> mirrorIn(List<String> lines) {
        boolean bookworm = false;
        String uri = null;
        for (String raw : lines) {
            String line = raw.strip();
            Matcher deb = DEB_LINE.matcher(line + " ");
            if (deb.find() && !deb.group(1).contains("security")) {
                return Optional.of(deb.group(1));
            }
            if (line.isEmpty()) {
                if (bookworm && uri != null && !uri.contains("security")) {
                    return Optional.of(uri);
                }
                bookworm = false;
                uri = null;
            }
            Matcher u = URIS.matcher(line);
            if (u.find()) {
                uri = u.group(1);
            }
            if (line.startsWith("Suites:") && List.of(line.substring(7).trim().split("\\s+")).contains("bookworm")) {
                bookworm = true;
            }
        }
        return bookworm && uri != null && !uri.contains("security") ? Optional.of(uri) : Optional.empty();
    }
}
