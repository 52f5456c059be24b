package dev.haneul.compute.launch.api;

import dev.haneul.compute.catalog.Image;
import dev.haneul.compute.instance.Instance;
import java.util.ArrayList;
import java.util.List;

/**
 * How to reach an instance, as the console's "Connect" tab says it: the ssh command with the image's default
 * user and the key pair's file, or the RDP note for Windows, and what to do when it has no public address.
 */
public record ConnectView(String instanceId, String protocol, String user, String host, String command,
        List<String> notes) {

    public static ConnectView of(Instance i, Image image) {
        boolean windows = image != null && "windows".equals(image.platform);
        String user = image == null || image.defaultUser == null ? "ec2-user" : image.defaultUser;
        String host = i.publicIpAddress != null ? i.publicIpAddress : i.privateIpAddress;
        List<String> notes = new ArrayList<>();
        if (i.publicIpAddress == null) {
            notes.add("The instance has no public IP address: it can be reached only on its private IP address"
                    + (i.privateIpAddress == null ? "" : " " + i.privateIpAddress)
                    + " from inside its VPC, for example through a bastion host (ssh -J <user>@<bastion> ...).");
        }
        if (!"running".equals(i.state.label())) {
            notes.add("The instance is " + i.state.label() + "; it accepts connections only while running.");
        }
        if (windows) {
            notes.add("Windows: connect with an RDP client to " + (host == null ? "the instance" : host)
                    + ":3389 as " + user + "; decrypt the password with the key pair's private key"
                    + (i.keyName == null ? "." : " (" + i.keyName + ".pem)."));
            return new ConnectView(i.instanceId, "rdp", user, host, null, notes);
        }
        String key = i.keyName == null ? "" : "-i " + i.keyName + ".pem ";
        if (i.keyName != null) {
            notes.add(0, "Make the private key readable only by you first: chmod 400 " + i.keyName + ".pem");
        } else {
            notes.add("The instance was launched without a key pair: ssh needs another way in (password or"
                    + " a key placed by user data).");
        }
        String command = host == null ? null : "ssh " + key + user + "@" + host;
        return new ConnectView(i.instanceId, "ssh", user, host, command, notes);
    }
}
