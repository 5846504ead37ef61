// Exceptions: try/catch/finally ordering, nested handlers, rethrow, custom
// exception types, exceptions crossing calls, finally on return/break,
// runtime-raised exceptions (null, cast, index, divide).
using System;
using System.Text;

class AppException : Exception
{
    public readonly int Code;
    public AppException(string message, int code) : base(message) { Code = code; }
}

class DerivedAppException : AppException
{
    public DerivedAppException(int code) : base("derived", code) { }
}

static class Exceptions
{
    static int failures;
    static StringBuilder trace = new StringBuilder();

    static void Check(bool ok, string what)
    {
        if (!ok) { failures++; Console.WriteLine("FAIL " + what); }
    }

    static void Thrower(int depth, int code)
    {
        try
        {
            if (depth == 0) throw new AppException("deep", code);
            Thrower(depth - 1, code);
        }
        finally
        {
            trace.Append(depth);
        }
    }

    static int FinallyOnReturn()
    {
        int x = 1;
        try { return x; }
        finally { x = 2; trace.Append("F"); }
    }

    static int LoopWithFinally()
    {
        int n = 0;
        for (int i = 0; i < 10; i++)
        {
            try
            {
                if (i == 3) continue;
                if (i == 6) break;
                n += i;
            }
            finally { n += 100; }
        }
        return n;
    }

    static void Rethrow()
    {
        try { throw new InvalidOperationException("inner"); }
        catch (InvalidOperationException) { trace.Append("R"); throw; }
    }

    static void Wrap()
    {
        try { Rethrow(); }
        catch (Exception e) { throw new AppException("wrapped:" + e.Message, 7); }
    }

    static string Classify(Exception e)
    {
        try { throw e; }
        catch (DerivedAppException d) { return "derived" + d.Code; }
        catch (AppException a) { return "app" + a.Code; }
        catch (ArgumentException) { return "arg"; }
        catch (Exception) { return "other"; }
    }

    static int Main()
    {
        try { Thrower(5, 42); }
        catch (AppException e) { trace.Append(":" + e.Message + e.Code); }
        Check(trace.ToString() == "012345:deep42", "finally order while unwinding: " + trace);

        trace.Clear();
        Check(FinallyOnReturn() == 1 && trace.ToString() == "F", "finally on return");
        Check(LoopWithFinally() == 0 + 1 + 2 + 4 + 5 + 700, "finally with continue/break: " + LoopWithFinally());

        trace.Clear();
        try { Wrap(); }
        catch (AppException e)
        {
            Check(e.Message == "wrapped:inner" && e.Code == 7, "wrapped exception");
        }
        Check(trace.ToString() == "R", "rethrow ran the handler once");

        Check(Classify(new DerivedAppException(3)) == "derived3", "most derived catch");
        Check(Classify(new AppException("x", 4)) == "app4", "base catch");
        Check(Classify(new ArgumentNullException("p")) == "arg", "ArgumentNullException is ArgumentException");
        Check(Classify(new Exception()) == "other", "catch-all");

        // Nested try blocks with an exception thrown from a catch and a finally.
        trace.Clear();
        try
        {
            try
            {
                try { throw new AppException("a", 1); }
                catch (AppException) { trace.Append("c1"); throw new ArgumentException("b"); }
                finally { trace.Append("f1"); }
            }
            catch (ArgumentException e) { trace.Append("c2" + e.Message); }
            finally { trace.Append("f2"); }
            throw new NotSupportedException();
        }
        catch (NotSupportedException) { trace.Append("c3"); }
        Console.WriteLine(trace.ToString());
        Check(trace.ToString() == "c1f1c2bf2c3", "nested handlers");

        // Runtime exceptions.
        int caught = 0;
        object o = "string";
        string sn = null;
        int[] arr = new int[2];
        int zero = 0;
        try { Console.WriteLine(sn.Length); } catch (NullReferenceException) { caught++; }
        try { Console.WriteLine((int)o); } catch (InvalidCastException) { caught++; }
        try { arr[zero + 2] = 1; } catch (IndexOutOfRangeException) { caught++; }
        try { Console.WriteLine(10 / zero); } catch (DivideByZeroException) { caught++; }
        try { throw null; } catch (NullReferenceException) { caught++; }
        try { checked { Console.WriteLine(int.MaxValue + zero + 1); } } catch (OverflowException) { caught++; }
        Check(caught == 6, "runtime exceptions " + caught);

        // Exception escaping many frames with no handler in between.
        int depthReached = 0;
        try { Recurse(0, ref depthReached); }
        catch (AppException e) { Check(e.Code == 200 && depthReached == 200, "deep unwind"); }

        // A finally that runs during normal flow and after a caught exception.
        int counter = 0;
        for (int i = 0; i < 100; i++)
        {
            try { if (i % 10 == 0) throw new AppException("t", i); counter++; }
            catch (AppException e) { counter += e.Code; }
            finally { counter += 1000; }
        }
        Check(counter == 90 + (0 + 10 + 20 + 30 + 40 + 50 + 60 + 70 + 80 + 90) + 100000, "loop with exceptions " + counter);

        Exception saved = null;
        try { throw new AppException("saved", 9); } catch (Exception e) { saved = e; }
        Check(saved is AppException && saved.StackTrace != null, "exception object survives the handler");

        Console.WriteLine(failures == 0 ? "exceptions ok" : "exceptions FAILED");
        return failures == 0 ? 100 : 1;
    }

    static void Recurse(int depth, ref int reached)
    {
        reached = depth;
        if (depth == 200) throw new AppException("bottom", depth);
        Recurse(depth + 1, ref reached);
    }
}
