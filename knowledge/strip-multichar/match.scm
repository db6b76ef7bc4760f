;; The argument of strip/lstrip/rstrip is a SET of characters, not a prefix or suffix.
;; Fires on a plain string literal argument that reads like a word, prefix or suffix:
;;   - the same letter or digit appears twice: "https://", "www.", ".txt", "test_";
;;   - it contains "://" (a URL scheme);
;;   - it is a file extension: a dot and then letters/digits, ".py", ".json";
;;   - it is a number prefix: "0x", "0b", "0o" (hex(0).lstrip("0x") gives "").
;; Silent on character sets: " \t", "\r\n", "/", "[]", "-0b", "co", "amb"; on anything with a
;; backslash escape, on f-strings and on more than one argument.
((call
   function: (attribute attribute: (identifier) @method)
   arguments: (argument_list
                .
                (string
                  .
                  (string_start) @start
                  .
                  (string_content) @chars
                  .
                  (string_end)) @construct
                .))
 (#any-of? @method "strip" "lstrip" "rstrip")
 (#not-match? @start "[fF]")
 (#not-match? @chars "[\\]")
 (#match? @chars "(a.*a|b.*b|c.*c|d.*d|e.*e|f.*f|g.*g|h.*h|i.*i|j.*j|k.*k|l.*l|m.*m|n.*n|o.*o|p.*p|q.*q|r.*r|s.*s|t.*t|u.*u|v.*v|w.*w|x.*x|y.*y|z.*z|A.*A|B.*B|C.*C|D.*D|E.*E|F.*F|G.*G|H.*H|I.*I|J.*J|K.*K|L.*L|M.*M|N.*N|O.*O|P.*P|Q.*Q|R.*R|S.*S|T.*T|U.*U|V.*V|W.*W|X.*X|Y.*Y|Z.*Z|0.*0|1.*1|2.*2|3.*3|4.*4|5.*5|6.*6|7.*7|8.*8|9.*9)|://|^[.][A-Za-z][A-Za-z0-9]+$|^0[xXbBoO]$"))
