; 267 bytes, alignment 16, prolog 13 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind PushNonVolatile { code_offset: 7, reg: 12 }
; unwind PushNonVolatile { code_offset: 9, reg: 13 }
; unwind Alloc { code_offset: 13, size: 8 }
; gc: code length 267, stack base Some(5), return Object, safepoints [131, 147, 182, 198, 265], interruptible [], slots 2
; debug bounds: 0x0=IL-2
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  push    rbx
  0005  push    r12
  0007  push    r13
  0009  sub     rsp,8
  000d  mov     rbx,rdi
  0010  mov     r12,rsi
  0013  mov     rsi,rdx
  0016  test    r12,r12
  0019  je      0x104
  001f  movzx   eax,byte ptr [r12+8]
  0025  mov     rdi,rax
  0028  movzx   eax,word ptr [r12+0xA]
  002e  mov     rdi,rax
  0031  mov     eax,[r12+0xC]
  0036  mov     rdi,rax
  0039  mov     rax,[r12+0x10]
  003e  mov     rdi,rax
  0041  mov     rcx,rsi
  0044  mov     [r12+0x18],ecx
  0049  mov     rax,r12
  004c  mov     rsi,rbx
  004f  lea     rdi,[rax+0x20]
  0053  call    qword ptr [0x59]    ; Rel32 eager cell [1a 30]
  0059  mov     ecx,0
  005e  mov     [r12+0x28],rcx
  0063  mov     rax,[0x6A]    ; Rel32 string cell [1b 01]
  006a  mov     rax,[rax]
  006d  mov     rsi,rax
  0070  cmp     rbx,rsi
  0073  sete    dil
  0077  movzx   edi,dil
  007b  mov     rdi,rbx
  007e  call    qword ptr [0x84]    ; Rel32 method-call cell [14 02]
  0084  mov     rsi,rax
  0087  mov     rdi,[0x8E]    ; Rel32 lazy cell [10 12 14]
  008e  call    qword ptr [0x94]    ; Rel32 eager cell [1a 60]
  0094  mov     r13,rax
  0097  mov     rax,r12
  009a  mov     rsi,r13
  009d  lea     rdi,[rax+0x30]
  00a1  call    qword ptr [0xA7]    ; Rel32 eager cell [1a 30]
  00a7  mov     rsi,r13
  00aa  mov     rdi,[0xB1]    ; Rel32 lazy cell [10 12 0d]
  00b1  call    qword ptr [0xB7]    ; Rel32 eager cell [1a 62]
  00b7  mov     rsi,rax
  00ba  mov     rdi,[0xC1]    ; Rel32 lazy cell [10 12 14]
  00c1  call    qword ptr [0xC7]    ; Rel32 eager cell [1a 63]
  00c7  mov     rdi,rax
  00ca  mov     rax,r12
  00cd  mov     rsi,rdi
  00d0  lea     rdi,[rax+0x38]
  00d4  call    qword ptr [0xDA]    ; Rel32 eager cell [1a 30]
  00da  mov     rax,[r12+0x20]
  00df  mov     rsi,rax
  00e2  cmp     rsi,0
  00e6  je      short 0xF6
  00e8  mov     rax,rsi
  00eb  add     rsp,8
  00ef  pop     r13
  00f1  pop     r12
  00f3  pop     rbx
  00f4  pop     rbp
  00f5  ret
  00f6  mov     rax,rbx
  00f9  add     rsp,8
  00fd  pop     r13
  00ff  pop     r12
  0101  pop     rbx
  0102  pop     rbp
  0103  ret
  0104  call    qword ptr [0x10A]    ; Rel32 eager cell [1a 25]
  010a  int3
