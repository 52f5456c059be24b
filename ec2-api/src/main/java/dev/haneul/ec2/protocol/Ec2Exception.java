package dev.haneul.ec2.protocol;

/**
 * An answer that is not a success: EC2's error code, its message and the HTTP status EC2 gives it. Everything the
 * endpoint refuses or that a service behind it refuses ends as one of these, written as EC2's error document.
 */
public class Ec2Exception extends RuntimeException {
    private final int status;
    private final String code;

    public Ec2Exception(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static Ec2Exception invalidValue(String message) {
        return new Ec2Exception(400, "InvalidParameterValue", message);
    }

    public static Ec2Exception missing(String parameter) {
        return new Ec2Exception(400, "MissingParameter", "The request must contain the parameter " + parameter + ".");
    }

    public static Ec2Exception authFailure(String message) {
        return new Ec2Exception(401, "AuthFailure", message);
    }
}
