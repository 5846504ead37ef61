; 303 bytes, alignment 16, prolog 13 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind PushNonVolatile { code_offset: 7, reg: 12 }
; unwind PushNonVolatile { code_offset: 9, reg: 13 }
; unwind Alloc { code_offset: 13, size: 8 }
; gc: code length 303, stack base Some(5), return Scalar, safepoints [294, 301], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0x10=IL2 0x4a=IL5 0x84=IL6 0x89=IL9 0x9e=IL10 0xa4=IL13 0xb5=IL14 0xba=IL15 0xc8=IL17 0xd6=IL18 0xea=IL19 0xf9=IL21 0x102=IL22 0x111=IL23
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  push    rbx
  0005  push    r12
  0007  push    r13
  0009  sub     rsp,8
  000d  mov     r8,rdx
  0010  test    esi,esi
  0012  je      0x121
  0018  cmp     esi,0xFFFFFFFF
  001b  sete    r9b
  001f  movzx   r9d,r9b
  0023  cmp     edi,0x80000000
  0029  sete    bl
  002c  movzx   ebx,bl
  002f  mov     r12,r9
  0032  and     r12d,ebx
  0035  test    r12d,r12d
  0038  jne     0x128
  003e  mov     rax,rdi
  0041  mov     rcx,rsi
  0044  cdq
  0045  idiv    ecx
  0047  mov     r9,rax
  004a  test    esi,esi
  004c  je      0x121
  0052  cmp     esi,0xFFFFFFFF
  0055  sete    bl
  0058  movzx   ebx,bl
  005b  cmp     edi,0x80000000
  0061  sete    r12b
  0065  movzx   r12d,r12b
  0069  mov     r13,rbx
  006c  and     r13d,r12d
  006f  test    r13d,r13d
  0072  jne     0x128
  0078  mov     rax,rdi
  007b  mov     rcx,rsi
  007e  cdq
  007f  idiv    ecx
  0081  mov     rbx,rdx
  0084  mov     rdi,r9
  0087  add     edi,ebx
  0089  test    esi,esi
  008b  je      0x121
  0091  mov     rax,r8
  0094  mov     rcx,rsi
  0097  xor     edx,edx
  0099  div     ecx
  009b  mov     r9,rax
  009e  mov     rbx,rdi
  00a1  add     ebx,r9d
  00a4  test    esi,esi
  00a6  je      short 0x121
  00a8  mov     rax,r8
  00ab  mov     rcx,rsi
  00ae  xor     edx,edx
  00b0  div     ecx
  00b2  mov     rdi,rdx
  00b5  mov     rsi,rbx
  00b8  add     esi,edi
  00ba  mov     rax,rsi
  00bd  mov     ecx,7
  00c2  cdq
  00c3  idiv    ecx
  00c5  mov     rdi,rax
  00c8  cmp     edi,0x80000000
  00ce  sete    sil
  00d2  movzx   esi,sil
  00d6  test    esi,esi
  00d8  jne     short 0x128
  00da  mov     rax,rdi
  00dd  mov     rcx,0xFFFFFFFFFFFFFFFF
  00e4  cdq
  00e5  idiv    ecx
  00e7  mov     rsi,rdx
  00ea  mov     rax,rsi
  00ed  mov     ecx,5
  00f2  xor     edx,edx
  00f4  div     ecx
  00f6  mov     rdi,rax
  00f9  mov     eax,0
  00fe  test    eax,eax
  0100  je      short 0x121
  0102  mov     rax,rdi
  0105  mov     ecx,0
  010a  xor     edx,edx
  010c  div     ecx
  010e  mov     rsi,rdx
  0111  mov     rax,rsi
  0114  mov     eax,eax
  0116  add     rsp,8
  011a  pop     r13
  011c  pop     r12
  011e  pop     rbx
  011f  pop     rbp
  0120  ret
  0121  call    qword ptr [0x127]    ; Rel32 eager cell [1a 26]
  0127  int3
  0128  call    qword ptr [0x12E]    ; Rel32 eager cell [1a 22]
  012e  int3
