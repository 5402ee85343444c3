package io.doorman.console.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.devtools.Command;
import org.openqa.selenium.devtools.DevTools;
import org.openqa.selenium.devtools.v156.log.Log;
import org.openqa.selenium.devtools.v156.page.Page;
import org.openqa.selenium.devtools.v156.page.model.Viewport;
import org.openqa.selenium.devtools.v156.runtime.Runtime;
import org.openqa.selenium.devtools.v156.runtime.model.RemoteObject;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Selenium through Debian's chromedriver (never Selenium Manager, no network),
 * with the page's console and exceptions collected over DevTools, screenshots under {@code target/screenshots/} and
 * a phone-width mode.
 */
public final class ConsoleBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final int DESKTOP_WIDTH = 1280;
    private static final int DESKTOP_HEIGHT = 900;
    /** The narrowest phone the console must read well on. */
    static final int PHONE_WIDTH = 360;
    private static final int PHONE_HEIGHT = 780;

    /** One line of the page's console, an uncaught exception or a browser-side log entry. */
    public record ConsoleEntry(String kind, String level, String text) {

        /**
         * Whether this is an error of the page: an exception, {@code console.error}, a CSP violation, or a UI file
         * that did not load.
         */
        boolean isJsError() {
            if (kind.equals("exception")) {
                return true;
            }
            if (!level.equals("error")) {
                return false;
            }
            // An API answer of 401 or 404 is the network's log of a handled answer, not an error; a UI file
            // that fails to load is one.
            return !kind.equals("log:network") || !text.contains("/api/");
        }
    }

    private final ChromeDriver driver;
    private final DevTools devTools;
    private final List<ConsoleEntry> entries = new ArrayList<>();

    private ConsoleBrowser(ChromeDriver driver) {
        this.driver = driver;
        this.devTools = driver.getDevTools();
        devTools.createSession();
        devTools.send(Runtime.enable());
        devTools.send(Log.enable());
        devTools.addListener(Runtime.exceptionThrown(), e -> add("exception", "error",
                e.getExceptionDetails().getText() + e.getExceptionDetails().getException()
                        .flatMap(RemoteObject::getDescription).map(d -> " " + d).orElse("")));
        devTools.addListener(Runtime.consoleAPICalled(), e -> add("console", e.getType().toString(),
                e.getArgs().stream().map(a -> a.getValue().map(String::valueOf).or(a::getDescription).orElse("?"))
                        .collect(Collectors.joining(" "))));
        devTools.addListener(Log.entryAdded(), e -> add("log:" + e.getSource(), e.getLevel().toString(),
                e.getText() + e.getUrl().map(u -> " (" + u + ")").orElse("")));
    }

    /** Whether Debian's chromium and chromedriver are installed. */
    public static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Starts headless Chromium at desktop size; skips the calling test when the binaries are absent. */
    public static ConsoleBrowser start() {
        Assumptions.assumeTrue(available(), "browser tests skipped: " + CHROMIUM + " and " + CHROMEDRIVER
                + " are needed (Debian packages chromium and chromium-driver)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + DESKTOP_WIDTH + "," + DESKTOP_HEIGHT, "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking", "--disable-sync",
                "--disable-component-update", "--disable-features=Translate,MediaRouter,OptimizationHints",
                "--lang=en-US", "--remote-allow-origins=*");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ConsoleBrowser(new ChromeDriver(service, options));
    }

    private synchronized void add(String kind, String level, String text) {
        entries.add(new ConsoleEntry(kind, level, text));
    }

    /** The Selenium driver, for what this class does not wrap. */
    public WebDriver driver() {
        return driver;
    }

    /** Opens a URL and waits for the document to load. */
    public void open(String url) {
        driver.get(url);
    }

    /** Waits (up to 10 s) for an element matching the CSS selector to be visible. */
    public WebElement waitVisible(String css) {
        return new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /** The element matching a {@code data-test} value, once visible. */
    public WebElement byTest(String dataTest) {
        return waitVisible("[data-test=\"" + dataTest + "\"]");
    }

    /** Every element matching the CSS selector, now. */
    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Runs a script in the page. */
    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Runs an asynchronous script (the last argument is its callback). */
    public Object asyncScript(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(js, args);
    }

    /** The part of the URL after {@code #}. */
    public String hash() {
        return (String) script("return location.hash");
    }

    /** Lets the page read and write the clipboard for {@code origin} without asking. */
    public void grantClipboard(String origin) {
        devTools.send(new Command<Void>("Browser.grantPermissions", Map.of("origin", origin,
                "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite"))));
    }

    /** What the clipboard holds (read in the page). */
    public String clipboardText() {
        return (String) asyncScript("const done = arguments[arguments.length - 1];"
                + "navigator.clipboard.readText().then(done, e => done('clipboard error: ' + e));");
    }

    /** Emulates a phone 360 CSS pixels wide (a touch device with a viewport meta tag honoured). */
    public void phoneWidth() {
        devTools.send(new Command<Void>("Emulation.setDeviceMetricsOverride", Map.of("width", PHONE_WIDTH,
                "height", PHONE_HEIGHT, "deviceScaleFactor", 2, "mobile", true)));
    }

    /** Back to the desktop window size. */
    public void desktopWidth() {
        devTools.send(new Command<Void>("Emulation.clearDeviceMetricsOverride", Map.of()));
    }

    /**
     * The screen's width, the layout viewport's and the page's scrollable width, in CSS pixels: all equal at phone
     * width when nothing overflows sideways (a wider page makes a mobile viewport zoom out).
     */
    public long[] widths() {
        @SuppressWarnings("unchecked")
        List<Number> w = (List<Number>) script(
                "return [screen.width, window.innerWidth, document.documentElement.scrollWidth]");
        return new long[] {w.get(0).longValue(), w.get(1).longValue(), w.get(2).longValue()};
    }

    /** Saves the whole page (beyond the viewport) as {@code target/screenshots/<name>.png}; returns the path. */
    public Path screenshot(String name) {
        @SuppressWarnings("unchecked")
        List<Number> size = (List<Number>) script("const d = document.documentElement;"
                + "return [Math.max(d.scrollWidth, window.innerWidth), Math.max(d.scrollHeight, window.innerHeight)]");
        Viewport whole = new Viewport(0, 0, size.get(0), size.get(1), 1);
        String png = devTools.send(Page.captureScreenshot(Optional.of(Page.CaptureScreenshotFormat.PNG),
                Optional.empty(), Optional.of(whole), Optional.of(true), Optional.of(true), Optional.empty()));
        Path file = SCREENSHOTS.resolve(name + ".png");
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(file, Base64.getDecoder().decode(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Everything the page logged so far. */
    public synchronized List<ConsoleEntry> consoleLog() {
        return List.copyOf(entries);
    }

    /** The JavaScript errors logged so far. */
    public synchronized List<ConsoleEntry> jsErrors() {
        return entries.stream().filter(ConsoleEntry::isJsError).toList();
    }

    /** Forgets the log (between tests). */
    public synchronized void clearLog() {
        entries.clear();
    }

    /** Logs out the browser side: cookies gone, storage cleared, a blank page. */
    public void reset() {
        // Cookies go while the console's page is open: WebDriver deletes only the current page's.
        driver.manage().deleteAllCookies();
        driver.get("about:blank");
    }

    @Override
    public void close() {
        try {
            devTools.close();
        } finally {
            driver.quit();
        }
    }
}
