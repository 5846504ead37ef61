// A small interpreter: tokenizer, recursive-descent parser building an AST of
// class hierarchy nodes, evaluation by virtual dispatch and by a visitor,
// variables in a dictionary, error reporting through exceptions.
using System;
using System.Collections.Generic;
using System.Text;

class ParseException : Exception
{
    public int Position;
    public ParseException(string message, int position) : base(message + " at " + position) { Position = position; }
}

interface IVisitor<T>
{
    T Num(Num n);
    T Var(Var v);
    T Bin(Bin b);
    T Neg(Neg n);
}

abstract class Expr
{
    public abstract long Eval(Dictionary<string, long> env);
    public abstract T Accept<T>(IVisitor<T> v);
}

class Num : Expr
{
    public readonly long Value;
    public Num(long v) { Value = v; }
    public override long Eval(Dictionary<string, long> env) { return Value; }
    public override T Accept<T>(IVisitor<T> v) { return v.Num(this); }
}

class Var : Expr
{
    public readonly string Name;
    public Var(string n) { Name = n; }
    public override long Eval(Dictionary<string, long> env)
    {
        long v;
        if (!env.TryGetValue(Name, out v)) throw new KeyNotFoundException("unbound " + Name);
        return v;
    }
    public override T Accept<T>(IVisitor<T> v) { return v.Var(this); }
}

class Neg : Expr
{
    public readonly Expr Inner;
    public Neg(Expr e) { Inner = e; }
    public override long Eval(Dictionary<string, long> env) { return -Inner.Eval(env); }
    public override T Accept<T>(IVisitor<T> v) { return v.Neg(this); }
}

class Bin : Expr
{
    public readonly char Op;
    public readonly Expr L, R;
    public Bin(char op, Expr l, Expr r) { Op = op; L = l; R = r; }
    public override long Eval(Dictionary<string, long> env)
    {
        long a = L.Eval(env), b = R.Eval(env);
        switch (Op)
        {
            case '+': return a + b;
            case '-': return a - b;
            case '*': return a * b;
            case '/': return a / b;
            case '%': return a % b;
            case '^': { long r = 1; for (long i = 0; i < b; i++) r *= a; return r; }
            default: throw new InvalidOperationException("op " + Op);
        }
    }
    public override T Accept<T>(IVisitor<T> v) { return v.Bin(this); }
}

class Printer : IVisitor<string>
{
    public string Num(Num n) { return n.Value.ToString(); }
    public string Var(Var v) { return v.Name; }
    public string Bin(Bin b) { return "(" + b.L.Accept(this) + " " + b.Op + " " + b.R.Accept(this) + ")"; }
    public string Neg(Neg n) { return "-" + n.Inner.Accept(this); }
}

class DepthCounter : IVisitor<int>
{
    public int Num(Num n) { return 1; }
    public int Var(Var v) { return 1; }
    public int Bin(Bin b) { return 1 + Math.Max(b.L.Accept(this), b.R.Accept(this)); }
    public int Neg(Neg n) { return 1 + n.Inner.Accept(this); }
}

class Parser
{
    readonly string src;
    int pos;
    public Parser(string s) { src = s; }

    char Peek() { while (pos < src.Length && src[pos] == ' ') pos++; return pos < src.Length ? src[pos] : '\0'; }

    public Expr ParseAll()
    {
        Expr e = ParseSum();
        if (Peek() != '\0') throw new ParseException("unexpected '" + Peek() + "'", pos);
        return e;
    }

    Expr ParseSum()
    {
        Expr e = ParseProduct();
        while (Peek() == '+' || Peek() == '-') { char op = src[pos++]; e = new Bin(op, e, ParseProduct()); }
        return e;
    }

    Expr ParseProduct()
    {
        Expr e = ParsePower();
        while (Peek() == '*' || Peek() == '/' || Peek() == '%') { char op = src[pos++]; e = new Bin(op, e, ParsePower()); }
        return e;
    }

    Expr ParsePower()
    {
        Expr b = ParseUnary();
        if (Peek() == '^') { pos++; return new Bin('^', b, ParsePower()); }
        return b;
    }

    Expr ParseUnary()
    {
        if (Peek() == '-') { pos++; return new Neg(ParseUnary()); }
        return ParseAtom();
    }

    Expr ParseAtom()
    {
        char c = Peek();
        if (c == '(')
        {
            pos++;
            Expr e = ParseSum();
            if (Peek() != ')') throw new ParseException("expected ')'", pos);
            pos++;
            return e;
        }
        if (char.IsDigit(c))
        {
            long v = 0;
            while (pos < src.Length && char.IsDigit(src[pos])) v = v * 10 + (src[pos++] - '0');
            return new Num(v);
        }
        if (char.IsLetter(c))
        {
            var sb = new StringBuilder();
            while (pos < src.Length && char.IsLetterOrDigit(src[pos])) sb.Append(src[pos++]);
            return new Var(sb.ToString());
        }
        throw new ParseException(c == '\0' ? "unexpected end" : "unexpected '" + c + "'", pos);
    }
}

static class CalcParser
{
    static int failures;
    static void Check(bool ok, string what)
    {
        if (!ok) { failures++; Console.WriteLine("FAIL " + what); }
    }

    static long Eval(string s, Dictionary<string, long> env) { return new Parser(s).ParseAll().Eval(env); }

    static int Main()
    {
        var env = new Dictionary<string, long> { { "x", 7 }, { "y", -3 }, { "big", 1L << 40 } };
        string[] exprs = { "1 + 2 * 3", "(1 + 2) * 3", "2 ^ 3 ^ 2", "-x * y", "100 / 7 % 4", "big / 1024 - x", "((((1))))", "x*x - 2*x*y + y*y" };
        long[] expected = { 7, 9, 512, 21, 2, (1L << 30) - 7, 1, 100 };
        var printer = new Printer();
        for (int i = 0; i < exprs.Length; i++)
        {
            Expr e = new Parser(exprs[i]).ParseAll();
            long v = e.Eval(env);
            Console.WriteLine(e.Accept(printer) + " = " + v);
            Check(v == expected[i], exprs[i] + " = " + v);
        }
        Check(new Parser("1+2*3-4").ParseAll().Accept(new DepthCounter()) == 4, "depth visitor");

        string[] bad = { "1 +", "(1 + 2", "1 2", "*3", "" };
        int[] badPos = { 3, 6, 2, 0, 0 };
        for (int i = 0; i < bad.Length; i++)
        {
            try { Eval(bad[i], env); Check(false, "accepted " + bad[i]); }
            catch (ParseException e) { Check(e.Position == badPos[i], "error position for '" + bad[i] + "': " + e.Message); }
        }
        bool unbound = false;
        try { Eval("z + 1", env); } catch (KeyNotFoundException) { unbound = true; }
        Check(unbound, "unbound variable");
        bool divZero = false;
        try { Eval("x / (y + 3)", env); } catch (DivideByZeroException) { divZero = true; }
        Check(divZero, "division by zero");

        // A long generated expression: sum of i*i for i in 1..200.
        var sb = new StringBuilder("0");
        for (int i = 1; i <= 200; i++) sb.Append(" + " + i + "*" + i);
        Check(Eval(sb.ToString(), env) == 2686700, "long expression");

        Console.WriteLine(failures == 0 ? "calc_parser ok" : "calc_parser FAILED");
        return failures == 0 ? 100 : 1;
    }
}
