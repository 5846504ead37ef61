; 377 bytes, alignment 16, prolog 13 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind PushNonVolatile { code_offset: 7, reg: 12 }
; unwind PushNonVolatile { code_offset: 9, reg: 13 }
; unwind Alloc { code_offset: 13, size: 8 }
; gc: code length 377, stack base Some(5), return Scalar, safepoints [368, 375], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0x10=IL2 0x5e=IL5 0xac=IL6 0xb7=IL9 0xcf=IL10 0xda=IL13 0xf2=IL14 0xfd=IL15 0x10b=IL17 0x11d=IL18 0x134=IL19 0x143=IL21 0x14c=IL22 0x15b=IL23
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  push    rbx
  0005  push    r12
  0007  push    r13
  0009  sub     rsp,8
  000d  mov     r8,rdx
  0010  mov     rax,rsi
  0013  test    eax,eax
  0015  je      0x16B
  001b  mov     rax,rsi
  001e  cmp     eax,0xFFFFFFFF
  0021  sete    al
  0024  movzx   eax,al
  0027  mov     r9,rax
  002a  mov     rax,rdi
  002d  cmp     eax,0x80000000
  0033  sete    al
  0036  movzx   eax,al
  0039  mov     rbx,rax
  003c  mov     rax,r9
  003f  mov     rcx,rbx
  0042  and     eax,ecx
  0044  mov     r12,rax
  0047  mov     rax,r12
  004a  test    eax,eax
  004c  jne     0x172
  0052  mov     rax,rdi
  0055  mov     rcx,rsi
  0058  cdq
  0059  idiv    ecx
  005b  mov     r9,rax
  005e  mov     rax,rsi
  0061  test    eax,eax
  0063  je      0x16B
  0069  mov     rax,rsi
  006c  cmp     eax,0xFFFFFFFF
  006f  sete    al
  0072  movzx   eax,al
  0075  mov     rbx,rax
  0078  mov     rax,rdi
  007b  cmp     eax,0x80000000
  0081  sete    al
  0084  movzx   eax,al
  0087  mov     r12,rax
  008a  mov     rax,rbx
  008d  mov     rcx,r12
  0090  and     eax,ecx
  0092  mov     r13,rax
  0095  mov     rax,r13
  0098  test    eax,eax
  009a  jne     0x172
  00a0  mov     rax,rdi
  00a3  mov     rcx,rsi
  00a6  cdq
  00a7  idiv    ecx
  00a9  mov     rbx,rdx
  00ac  mov     rax,r9
  00af  mov     rcx,rbx
  00b2  add     eax,ecx
  00b4  mov     rdi,rax
  00b7  mov     rax,rsi
  00ba  test    eax,eax
  00bc  je      0x16B
  00c2  mov     rax,r8
  00c5  mov     rcx,rsi
  00c8  xor     edx,edx
  00ca  div     ecx
  00cc  mov     r9,rax
  00cf  mov     rax,rdi
  00d2  mov     rcx,r9
  00d5  add     eax,ecx
  00d7  mov     rbx,rax
  00da  mov     rax,rsi
  00dd  test    eax,eax
  00df  je      0x16B
  00e5  mov     rax,r8
  00e8  mov     rcx,rsi
  00eb  xor     edx,edx
  00ed  div     ecx
  00ef  mov     rdi,rdx
  00f2  mov     rax,rbx
  00f5  mov     rcx,rdi
  00f8  add     eax,ecx
  00fa  mov     rsi,rax
  00fd  mov     rax,rsi
  0100  mov     ecx,7
  0105  cdq
  0106  idiv    ecx
  0108  mov     rdi,rax
  010b  mov     rax,rdi
  010e  cmp     eax,0x80000000
  0114  sete    al
  0117  movzx   eax,al
  011a  mov     rsi,rax
  011d  mov     rax,rsi
  0120  test    eax,eax
  0122  jne     short 0x172
  0124  mov     rax,rdi
  0127  mov     rcx,0xFFFFFFFFFFFFFFFF
  012e  cdq
  012f  idiv    ecx
  0131  mov     rsi,rdx
  0134  mov     rax,rsi
  0137  mov     ecx,5
  013c  xor     edx,edx
  013e  div     ecx
  0140  mov     rdi,rax
  0143  mov     eax,0
  0148  test    eax,eax
  014a  je      short 0x16B
  014c  mov     rax,rdi
  014f  mov     ecx,0
  0154  xor     edx,edx
  0156  div     ecx
  0158  mov     rsi,rdx
  015b  mov     rax,rsi
  015e  mov     eax,eax
  0160  add     rsp,8
  0164  pop     r13
  0166  pop     r12
  0168  pop     rbx
  0169  pop     rbp
  016a  ret
  016b  call    qword ptr [0x171]    ; Rel32 eager cell [1a 26]
  0171  int3
  0172  call    qword ptr [0x178]    ; Rel32 eager cell [1a 22]
  0178  int3
