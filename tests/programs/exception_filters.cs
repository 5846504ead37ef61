// Exception filters (catch ... when): evaluation order relative to finally
// blocks (filters run in the first pass, before inner finallys), filters
// that throw, filters that reject, rethrow from filtered handlers.
using System;
using System.Text;

class CodedException : Exception
{
    public int Code;
    public CodedException(int code) : base("code " + code) { Code = code; }
}

static class ExceptionFilters
{
    static int failures;
    static StringBuilder log = new StringBuilder();

    static void Check(bool ok, string what)
    {
        if (!ok) { failures++; Console.WriteLine("FAIL " + what); }
    }

    static bool Note(string s, bool result) { log.Append(s); return result; }

    static void ThrowWithFinally(int code)
    {
        try { throw new CodedException(code); }
        finally { log.Append("[fin]"); }
    }

    static string Handle(int code)
    {
        try { ThrowWithFinally(code); return "none"; }
        catch (CodedException e) when (Note("f1", e.Code == 1)) { return "one"; }
        catch (CodedException e) when (Note("f2", e.Code == 2)) { return "two"; }
        catch (CodedException) { return "any"; }
    }

    static bool ThrowingFilter(Exception e)
    {
        throw new InvalidOperationException("filter blew up");
    }

    static int Main()
    {
        log.Clear();
        Check(Handle(1) == "one", "first filter");
        // The filter runs before the inner finally (two-pass unwinding).
        Check(log.ToString() == "f1[fin]", "filter before finally: " + log);

        log.Clear();
        Check(Handle(2) == "two", "second filter");
        Check(log.ToString() == "f1f2[fin]", "filters in order: " + log);

        log.Clear();
        Check(Handle(5) == "any", "fall through filters");
        Check(log.ToString() == "f1f2[fin]", "rejecting filters: " + log);

        // A filter that throws is treated as false; the exception is swallowed.
        string which = "";
        try { throw new CodedException(3); }
        catch (CodedException e) when (ThrowingFilter(e)) { which = "bad"; }
        catch (CodedException) { which = "good"; }
        Check(which == "good", "throwing filter = false");

        // Filters on an outer frame see the exception before inner finallys run.
        log.Clear();
        try
        {
            try
            {
                try { throw new CodedException(10); }
                finally { log.Append("A"); }
            }
            catch (CodedException e) when (Note("x", e.Code == 99)) { log.Append("wrong"); }
            finally { log.Append("B"); }
        }
        catch (CodedException e) when (Note("y", e.Code == 10)) { log.Append("C"); }
        Console.WriteLine(log.ToString());
        Check(log.ToString() == "xyABC", "two-pass order: " + log);

        // Filter with local state and rethrow from the filtered handler.
        int attempts = 0, handled = 0;
        for (int i = 0; i < 10; i++)
        {
            try
            {
                try { attempts++; throw new CodedException(i); }
                catch (CodedException e) when (e.Code % 2 == 0) { handled++; throw; }
            }
            catch (CodedException e) when (e.Code % 3 == 0) { handled += 100; }
            catch (CodedException) { handled += 10000; }
        }
        // Even codes: 0,2,4,6,8 handled inner (+1 each) then rethrown;
        // of all ten, multiples of 3 (0,3,6,9) add 100, others (1,2,4,5,7,8) add 10000.
        Check(attempts == 10 && handled == 5 + 400 + 60000, "filter + rethrow " + handled);

        // Filter reading a captured variable.
        int limit = 4;
        int hits = 0;
        for (int i = 0; i < 8; i++)
        {
            try { throw new CodedException(i); }
            catch (CodedException e) when (e.Code < limit) { hits++; }
            catch (CodedException) { hits += 10; }
        }
        Check(hits == 4 + 40, "captured filter state " + hits);

        Console.WriteLine(failures == 0 ? "exception_filters ok" : "exception_filters FAILED");
        return failures == 0 ? 100 : 1;
    }
}
