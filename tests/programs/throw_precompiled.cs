// IL throw from precompiled code: a custom exception, a framework one, and
// throwing null (NullReferenceException), caught by JIT-compiled handlers.
using System;
class MyError : Exception { public int Code; public MyError(int c) : base("my error") { Code = c; } }
class Program {
    static int Check(int x) { if (x < 0) throw new MyError(x); if (x == 0) throw new ArgumentException("zero"); return x * 2; }
    static void ThrowNull() { Exception e = null; throw e; }
    static int Main() {
        Console.WriteLine(Check(21));
        Console.WriteLine(Run(-7));
        Console.WriteLine(Run(0));
        Console.WriteLine(RunNull());
        return 100;
    }
    static int Run(int x) { try { return Check(x); } catch (MyError e) { return e.Code * 1000; } catch (ArgumentException e) { return e.Message.Length; } }
    static int RunNull() { try { ThrowNull(); return 0; } catch (NullReferenceException) { return 55; } }
}
