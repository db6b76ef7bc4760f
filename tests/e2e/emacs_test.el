;;; emacs_test.el --- pylore in a real Emacs through eglot, in batch mode  -*- lexical-binding: t -*-
;;
;;   PYLORE_BIN=build/pylore PYLORE_TEST_LANG=en \
;;     emacs --batch -Q -l tests/e2e/emacs_test.el
;;
;; Evaluates the Emacs snippet of editors/README.md as it is written there (eglot-server-programs
;; with `:language "auto"`, the hooks and `pylore-show-note`), with the directory of PYLORE_BIN
;; first on PATH and LANG set for the language under test. Then opens a Python file, as a user
;; would, waits for eglot's diagnostics to reach Flymake (code and message), asks eldoc's hover
;; function about the `lambda`, and calls `pylore-show-note` there. Every wait is on events
;; (process output, timers) with a deadline of PYLORE_TEST_TIMEOUT_MS. Exits 0 on success, 1
;; with a message on failure.

(require 'cl-lib)
(require 'package)
;; Debian's elpa-eglot lives in /usr/share/emacs/site-lisp/elpa, which Debian's site start-up
;; (skipped by -Q) would activate.
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)
(require 'eglot)
(require 'flymake)
;; Connect asynchronously: the waits below are on events, with their own deadline.
(setq eglot-sync-connect nil)

(defvar pylore-test-lang (or (getenv "PYLORE_TEST_LANG") "en"))
(defvar pylore-test-timeout
  (/ (string-to-number (or (getenv "PYLORE_TEST_TIMEOUT_MS") "15000")) 1000.0))
(defvar pylore-test-root
  (file-name-directory (directory-file-name
                        (file-name-directory (directory-file-name
                                              (file-name-directory load-file-name))))))

(defvar pylore-test-expect
  (cdr (assoc pylore-test-lang
              '(("en" :message "This default value is created once, when the function is defined, so every call that uses it shares the same object and sees the changes earlier calls made to it: use `None` as the default and create the object inside the function."
                      :hover-title "**Lambda expression**"
                      :hover-text "builds a small function without a name"
                      :note-title "Lambda expression")
                ("zh" :message "这个默认值只在定义函数时创建一次，所有用到它的调用共享同一个对象，前面的调用对它做的修改，后面的调用都看得到：请用 `None` 作默认值，在函数体里再创建对象。"
                      :hover-title "**lambda 表达式**"
                      :hover-text "会创建一个没有名字的小函数"
                      :note-title "lambda 表达式")))))

(defvar pylore-test-start (float-time))

(defun pylore-test-log (fmt &rest args)
  (princ (format "emacs_test[%s] %5.2fs: %s\n" pylore-test-lang (- (float-time) pylore-test-start)
                 (apply #'format fmt args))))

(defun pylore-test-fail (fmt &rest args)
  (let ((msg (apply #'format fmt args)))
    (message "emacs_test[%s]: FAIL: %s" pylore-test-lang msg)
    (let ((events (get-buffer (format "*EGLOT (%s/%s) events*" "pylore-test" "python-mode"))))
      (dolist (b (buffer-list))
        (when (string-match-p "EGLOT.*\\(events\\|stderr\\)" (buffer-name b))
          (setq events b)
          (with-current-buffer b
            (message "---- %s (last 3000 characters) ----\n%s" (buffer-name b)
                     (buffer-substring-no-properties (max (point-min) (- (point-max) 3000))
                                                     (point-max)))))))
    (kill-emacs 1)))

(defun pylore-test-wait (what pred)
  "Process events until PRED returns non-nil (its value is returned), or fail after the timeout."
  (let ((deadline (+ (float-time) pylore-test-timeout))
        value)
    (while (and (not (setq value (funcall pred)))
                (< (float-time) deadline))
      ;; Returns as soon as any process sends output or a timer is due.
      (accept-process-output nil 0.05))
    (or value (pylore-test-fail "timed out after %.0f s waiting for %s" pylore-test-timeout what))))

(defun pylore-test-readme-snippet ()
  "The first elisp block under \"### Emacs (eglot)\" in editors/README.md, as forms."
  (with-temp-buffer
    (insert-file-contents (expand-file-name "editors/README.md" pylore-test-root))
    (goto-char (point-min))
    (unless (search-forward "### Emacs (eglot)" nil t)
      (pylore-test-fail "editors/README.md has no \"### Emacs (eglot)\" section"))
    (unless (re-search-forward "^```elisp\n" nil t)
      (pylore-test-fail "editors/README.md: no elisp block in the Emacs section"))
    (let ((start (point))
          forms)
      (unless (re-search-forward "^```$" nil t)
        (pylore-test-fail "editors/README.md: the elisp block does not end"))
      (save-restriction
        (narrow-to-region start (match-beginning 0))
        (goto-char (point-min))
        (condition-case nil
            (while t (push (read (current-buffer)) forms))
          (end-of-file nil)))
      (nreverse forms))))

(defconst pylore-test-source
  "# 名前 🐍 pylore\ndef add(item, into=[]):\n    into.append(item)\n    return into\n\n\nprint(sorted([3, 1, 2], key=lambda n: -n))\n")

(defun pylore-test-main ()
  (unless pylore-test-expect
    (pylore-test-fail "PYLORE_TEST_LANG must be en or zh, not %s" pylore-test-lang))
  (let ((bin (getenv "PYLORE_BIN")))
    (unless (and bin (file-executable-p bin))
      (pylore-test-fail "set PYLORE_BIN to the pylore binary (got %S)" bin))
    (unless (equal (file-name-nondirectory bin) "pylore")
      (pylore-test-fail "PYLORE_BIN must be named pylore: the snippet runs `pylore`"))
    ;; The snippet starts `pylore` from PATH, with `:language "auto"`: LANG picks the language.
    (let ((dir (file-name-directory (expand-file-name bin))))
      (setq exec-path (cons dir exec-path))
      (setenv "PATH" (concat dir path-separator (getenv "PATH"))))
    (setenv "LANG" (if (equal pylore-test-lang "zh") "zh_CN.UTF-8" "C.UTF-8"))
    (setenv "LC_ALL" nil)
    (setenv "LC_MESSAGES" nil)
    (setenv "PYLORE_NOTES" nil))
  (pylore-test-log "Emacs %s, eglot %s" emacs-version
                   (or (ignore-errors
                         (package-version-join
                          (package-desc-version (cadr (assq 'eglot package-alist)))))
                       "?"))
  (let ((forms (pylore-test-readme-snippet)))
    (unless (cl-some (lambda (f) (and (consp f) (eq (car f) 'defun) (eq (cadr f) 'pylore-show-note)))
                     forms)
      (pylore-test-fail "the README snippet does not define pylore-show-note"))
    (dolist (f forms) (eval f t)))
  (unless (assoc '(python-mode python-ts-mode) eglot-server-programs)
    (pylore-test-fail "the README snippet did not register pylore in eglot-server-programs"))

  (let* ((dir (make-temp-file "pylore-emacs-" t))
         (file (expand-file-name "example.py" dir))
         (coding-system-for-write 'utf-8-unix)
         buf)
    (unwind-protect
        (progn
          ;; A project for eglot: a folder under version control is what users have.
          (make-directory (expand-file-name ".git" dir))
          (write-region pylore-test-source nil file nil 'silent)
          (setq buf (find-file file))
          (switch-to-buffer buf) ; eglot answers hovers only for a buffer shown in a window
          (unless (derived-mode-p 'python-mode)
            (pylore-test-fail "example.py opened in %s, not python-mode" major-mode))
          ;; eglot-ensure (from the snippet's hook) connects after the current command;
          ;; batch mode has no command loop, so end "the command" here.
          (run-hooks 'post-command-hook)
          (pylore-test-wait "eglot to connect to pylore"
                            (lambda () (and (eglot-current-server) eglot--managed-mode)))
          (pylore-test-log "connected: %s" (jsonrpc-name (eglot-current-server)))

          ;; Diagnostics: published by the server, handed to Flymake by eglot.
          (flymake-start)
          (let* ((diag (pylore-test-wait
                        "the mutable-default-argument diagnostic in Flymake"
                        (lambda ()
                          (with-current-buffer buf
                            (cl-find-if (lambda (d) (string-match-p "\\[mutable-default-argument\\]"
                                                                     (flymake-diagnostic-text d)))
                                        (flymake-diagnostics))))))
                 (text (flymake-diagnostic-text diag))
                 (expected (concat "pylore [mutable-default-argument]: "
                                   (plist-get pylore-test-expect :message))))
            (unless (equal text expected)
              (pylore-test-fail "diagnostic text\n  got:      %s\n  expected: %s" text expected))
            (unless (eq (flymake-diagnostic-type diag) 'eglot-warning)
              (pylore-test-fail "diagnostic type %s, expected eglot-warning"
                                (flymake-diagnostic-type diag)))
            (let ((at (save-excursion
                        (goto-char (point-min))
                        (search-forward "into=[]")
                        (- (point) 2))))
              (unless (and (= (flymake-diagnostic-beg diag) at)
                           (= (flymake-diagnostic-end diag) (+ at 2)))
                (pylore-test-fail "diagnostic range %d-%d, expected %d-%d (the `[]`)"
                                  (flymake-diagnostic-beg diag) (flymake-diagnostic-end diag)
                                  at (+ at 2))))
            (pylore-test-log "diagnostic: %s" text))

          ;; Hover at `lambda`, through the function eglot gives eldoc.
          (goto-char (point-min))
          (search-forward "lambda n")
          (goto-char (match-beginning 0))
          (let* (hover
                 (ok (eglot-hover-eldoc-function (lambda (info &rest _) (setq hover (or info ""))))))
            (unless ok (pylore-test-fail "eglot sent no hover request (no hoverProvider?)"))
            (pylore-test-wait "the hover at `lambda` (eldoc)" (lambda () hover))
            (let ((plain (substring-no-properties hover)))
              ;; eglot renders the Markdown when markdown-mode is there; without it, the text.
              (dolist (want (list (replace-regexp-in-string "\\*\\*" "" (plist-get pylore-test-expect :hover-title))
                                  (plist-get pylore-test-expect :hover-text)))
                (unless (string-match-p (regexp-quote want) plain)
                  (pylore-test-fail "the hover lacks %S:\n%s" want plain)))
              (pylore-test-log "hover: %s" (car (split-string plain "\n")))))

          ;; The README's command: the whole note about the construct at point.
          (pylore-show-note)
          (let ((note (get-buffer "*pylore note*")))
            (unless note (pylore-test-fail "pylore-show-note made no *pylore note* buffer"))
            (with-current-buffer note
              ;; Markdown ("# Title") when eglot announced Markdown support, else plain text.
              (let ((title (plist-get pylore-test-expect :note-title)))
                (unless (or (string-prefix-p title (buffer-string))
                            (string-prefix-p (concat "# " title) (buffer-string)))
                  (pylore-test-fail "the note starts with %S, expected %S"
                                    (buffer-substring (point-min) (min (point-max) 60)) title)))))
          (pylore-test-log "pylore-show-note: ok")

          (let ((server (eglot-current-server)))
            (eglot-shutdown server)
            (pylore-test-wait "the server to exit"
                              (lambda () (not (process-live-p (jsonrpc--process server)))))))
      (when (buffer-live-p buf)
        (with-current-buffer buf (set-buffer-modified-p nil))
        (kill-buffer buf))
      (delete-directory dir t)))
  (pylore-test-log "ok")
  (kill-emacs 0))

(condition-case err
    (pylore-test-main)
  (error (pylore-test-fail "%s" (error-message-string err))))

;;; emacs_test.el ends here
