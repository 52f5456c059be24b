package dev.haneul.archfixture.staticlookup.core;

/** The static-lookup fixture's service, so that the fixture has a class outside its resource too. */
public class Keys {
    public String name() {
        return "k";
    }
}
