<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name></name>
    <message>
        <location filename="../../engine/exports.py" line="56"/>
        <source>Export MIDI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../engine/exports.py" line="56"/>
        <location filename="../../engine/exports.py" line="62"/>
        <location filename="../../ui/files.py" line="221"/>
        <source>MIDI (*.mid *.midi)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../engine/exports.py" line="57"/>
        <source>&amp;Export MIDI...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../engine/exports.py" line="58"/>
        <source>The pattern as a General MIDI drum file, played as heard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../engine/exports.py" line="59"/>
        <source>Export WAV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../engine/exports.py" line="59"/>
        <location filename="../../engine/exports.py" line="65"/>
        <source>WAV audio (*.wav)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../engine/exports.py" line="60"/>
        <source>Export &amp;WAV...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../engine/exports.py" line="61"/>
        <source>The pattern rendered through the kit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../engine/exports.py" line="62"/>
        <source>Export song MIDI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../engine/exports.py" line="63"/>
        <source>Export song MIDI...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../engine/exports.py" line="64"/>
        <source>The song strip&apos;s arrangement as one MIDI file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../engine/exports.py" line="65"/>
        <source>Export song WAV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../engine/exports.py" line="66"/>
        <source>Export song WAV...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../engine/exports.py" line="67"/>
        <source>The song strip&apos;s arrangement as one WAV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../engine/exports.py" line="86"/>
        <source>Once, cymbals ring out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../engine/exports.py" line="87"/>
        <source>Once, cut at the loop&apos;s end (a seamless loop)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../engine/exports.py" line="88"/>
        <source>Twice, cymbals ring out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../engine/exports.py" line="89"/>
        <source>4 times, cymbals ring out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../engine/exports.py" line="90"/>
        <source>8 times, cymbals ring out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="16"/>
        <source>Write the next bars after the pattern</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="17"/>
        <source>Write a fill into the selected bar (or the last bar)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="18"/>
        <source>Rewrite the selected bars using what comes before and after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="19"/>
        <source>A new beat from nothing in the chosen style</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="30"/>
        <source>Drummer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="42"/>
        <source>Style</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="42"/>
        <source>Style the drummer plays</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="43"/>
        <location filename="../../ui/pack_browser.py" line="41"/>
        <source>Bars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="43"/>
        <source>Bars to continue ({range})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="44"/>
        <source>Variation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="44"/>
        <source>Continue: 0 = play my groove with small variations, 0.5 = vary like a drummer, 1 = go where you like</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="46"/>
        <source>Temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="46"/>
        <source>0 = safest, 1 = as trained, 2 = wild</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="47"/>
        <source>Variations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="48"/>
        <source>How many versions to write (browse them, keep one)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="61"/>
        <source>Continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="61"/>
        <source>Fill</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="61"/>
        <source>Infill selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="62"/>
        <source>Generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="67"/>
        <source>Fill every 4th bar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="90"/>
        <source>Previous variation ([)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="91"/>
        <source>Next variation (])</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="92"/>
        <source>Keep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="92"/>
        <source>Keep this variation (Enter); one undo step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="94"/>
        <source>Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="94"/>
        <source>Discard the variations (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="117"/>
        <source>Variation {index} of {count}: cyan steps are the drummer&apos;s. Keep or discard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="125"/>
        <source>{what}. {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="25"/>
        <source>GrooveLoom project (*{ext})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="32"/>
        <source>Imported {file}:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="34"/>
        <source>Imported {file}: {bars} bars in {patterns} patterns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="38"/>
        <source>{name}: bars {first}-{last}, {meter}, {tempo} BPM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="41"/>
        <source>{bars} bars in {patterns} patterns (a pattern where the tempo or meter changes, at most {most} bars each)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="49"/>
        <source>channel {channel} (drums) {name}: {notes} notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="50"/>
        <source>channel {channel} (drums): {notes} notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="52"/>
        <source>channel {channel} {name}: {notes} notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="52"/>
        <source>channel {channel}: {notes} notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="97"/>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="98"/>
        <source>GrooveLoom projects and MIDI (*.groove *.mid *.midi);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="108"/>
        <source>Cannot open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="121"/>
        <source>Save as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="130"/>
        <source>Cannot save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="133"/>
        <source>Saved {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="170"/>
        <source>MIDI, grid found by itself (*.mid *.midi)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="171"/>
        <source>MIDI on {grid} steps ({steps} per bar of 4/4) (*.mid *.midi)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="175"/>
        <source>Import MIDI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="194"/>
        <source>Import {file}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="197"/>
        <source>Imported {file}: {brief}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="197"/>
        <source>Quantization report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="203"/>
        <source>{file} has no notes on the drum channel (10); it has notes on channel {channels}.

Read which channel as drums?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="205"/>
        <source>No drum channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="209"/>
        <source>Cannot import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="219"/>
        <source>Drummer: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="221"/>
        <location filename="../../ui/files.py" line="230"/>
        <source>Drumify a MIDI part</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="231"/>
        <source>Which part of {file} should the beat follow?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="236"/>
        <source>{file} ch {channel} drumified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="240"/>
        <source>Cannot drumify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="256"/>
        <source>How much of {name}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="280"/>
        <source>Exported the song to {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="280"/>
        <source>Exported {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="288"/>
        <location filename="../../ui/files.py" line="293"/>
        <source>Cannot export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="300"/>
        <source>Rendering WAV ...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="300"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="311"/>
        <source>Cannot export WAV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="326"/>
        <source>The drummer&apos;s feel is still being worked out: drag again in a moment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="328"/>
        <source>GrooveLoom pattern</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="334"/>
        <source>The song is empty: add patterns to it with + Add in the song strip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="27"/>
        <source>{pack}: {loops} loops; {skipped} skipped; its note map learned from {notes} notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="29"/>
        <source>{pack}: {loops} loops; {skipped} skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="31"/>
        <source>{pack}: {loops} loops; its note map learned from {notes} notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="33"/>
        <source>{pack}: {loops} loops</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="41"/>
        <source>Loop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="41"/>
        <location filename="../../ui/pack_browser.py" line="224"/>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="41"/>
        <location filename="../../ui/pack_browser.py" line="233"/>
        <source>Meter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="77"/>
        <source>The packs opened (and the ones Augment wrote); pick one to browse it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="82"/>
        <source>Open pack...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="83"/>
        <source>A folder of MIDI loops (searched recursively) or a .zip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="85"/>
        <source>Augment...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="86"/>
        <source>Recombine parts of the pack&apos;s loops into new loops</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="89"/>
        <source>Note map...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="90"/>
        <source>How this pack&apos;s kit loops are read: the map learned from its part files, a preset, or your own (edit, save and load as JSON)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="98"/>
        <source>No pack open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="110"/>
        <source>Click a loop to hear it; drag it onto the grid (onto a row: just that part).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="114"/>
        <source>Hear loops at their own tempo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="115"/>
        <source>On: a loop is heard at the tempo its file was made at (as its maker played it). Off: at the pattern&apos;s tempo. Dropped on the grid, it takes the pattern&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="131"/>
        <source>Folder of MIDI loops...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="132"/>
        <source>.zip of MIDI loops...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="139"/>
        <source>Open loop pack folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="141"/>
        <source>Open loop pack .zip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="141"/>
        <source>Zip archives (*.zip);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="169"/>
        <source>Reading {pack} ...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="213"/>
        <source>meter from {source}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="228"/>
        <source>Meter...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="233"/>
        <source>Time signature (n/d):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/patterns_bar.py" line="23"/>
        <source>Drag this into your DAW or a folder: the pattern as a General MIDI drum file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/patterns_bar.py" line="48"/>
        <source>Patterns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/patterns_bar.py" line="51"/>
        <source> Pattern </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/patterns_bar.py" line="54"/>
        <source>Patterns of this project (song sections): switch, add, rename, delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/patterns_bar.py" line="59"/>
        <source>+ Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/patterns_bar.py" line="60"/>
        <source>A new pattern starting as a copy of this one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/patterns_bar.py" line="61"/>
        <source>Rename</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/patterns_bar.py" line="61"/>
        <source>Rename this pattern</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/patterns_bar.py" line="62"/>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/patterns_bar.py" line="63"/>
        <source>Delete this pattern (undo brings it back)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/patterns_bar.py" line="70"/>
        <location filename="../../ui/patterns_bar.py" line="102"/>
        <source> bars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/patterns_bar.py" line="71"/>
        <location filename="../../ui/patterns_bar.py" line="105"/>
        <source>Pattern length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/patterns_bar.py" line="76"/>
        <location filename="../../ui/patterns_bar.py" line="105"/>
        <source>Grid resolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/patterns_bar.py" line="81"/>
        <location filename="../../ui/patterns_bar.py" line="106"/>
        <source>Time signature (type any n/d)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/patterns_bar.py" line="102"/>
        <source> bar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/patterns_bar.py" line="108"/>
        <source>{what} of the variation shown: Keep (Enter) or Discard (Esc) the variations to change it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/song_strip.py" line="24"/>
        <location filename="../../ui/transport_bar.py" line="65"/>
        <source>Song</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/song_strip.py" line="38"/>
        <source>The song: patterns in playing order. Drag to reorder, double-click to edit a pattern</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/song_strip.py" line="49"/>
        <source>+ Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/song_strip.py" line="49"/>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/song_strip.py" line="49"/>
        <source>Add the current pattern at the end of the song (right after itself: it plays once more)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/song_strip.py" line="51"/>
        <source>Once more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/song_strip.py" line="51"/>
        <source>Play the selected part once more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/song_strip.py" line="52"/>
        <source>Once less</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/song_strip.py" line="52"/>
        <source>Play the selected part once less</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/song_strip.py" line="53"/>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/song_strip.py" line="53"/>
        <source>Take the selected part out of the song</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/song_strip.py" line="120"/>
        <source>{bars} bar, {minutes}:{seconds:02d}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/song_strip.py" line="121"/>
        <source>{bars} bars, {minutes}:{seconds:02d}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/song_strip.py" line="123"/>
        <source>empty: + Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/song_strip.py" line="124"/>
        <source>The song: {length}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="34"/>
        <location filename="../../ui/transport_bar.py" line="60"/>
        <location filename="../../ui/transport_bar.py" line="146"/>
        <source>Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="57"/>
        <source>Transport</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="63"/>
        <location filename="../../ui/transport_bar.py" line="157"/>
        <source>Play / stop (Space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="65"/>
        <source>Play the song (the strip above the grid: its patterns in order, each repeated) instead of looping the pattern; the grid follows the pattern playing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="68"/>
        <source> BPM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="69"/>
        <source>Tempo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="71"/>
        <location filename="../../ui/transport_bar.py" line="119"/>
        <source>% sw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="72"/>
        <source>MPC-style swing on 16ths: 50% straight, 66% triplet feel, 75% dotted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="75"/>
        <source> ms hum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="76"/>
        <source>Humanize: random timing (+-ms) and velocity, seeded (same every loop pass)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="78"/>
        <source>% feel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="80"/>
        <source>Feel: each hit&apos;s timing and velocity as a GMD drummer of the chosen style plays them (a trained model; 0% = the grid as drawn). Heard, rendered and exported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="84"/>
        <source>Whose feel: a drummer of this style</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="90"/>
        <source>Drum kit (bank 128 presets of the soundfont)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="96"/>
        <source>Master volume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="98"/>
        <source>Click</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="98"/>
        <source>Metronome (higher click on beat 1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="119"/>
        <source>% sw8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="120"/>
        <source>MPC-style swing on {unit}ths: 50% straight, 66% triplet feel, 75% dotted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="156"/>
        <source>Play / stop (Space). {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="87"/>
        <source>sound is off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="126"/>
        <source>Beat map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="149"/>
        <source>+ Row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="150"/>
        <source>Add a row (open hat, toms, crash, ride, clap, rim, cowbell, ...)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="169"/>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="212"/>
        <source>Set feel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="213"/>
        <source>Feel of a {style} drummer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="218"/>
        <source>Set master volume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="219"/>
        <source>Metronome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="220"/>
        <location filename="../../ui/transport_bar.py" line="99"/>
        <source>Count-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="311"/>
        <source>No feel model (resources/models/feel.tflite): train one with `python main.py train-feel`</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="327"/>
        <source>  Selected bars {first}-{last}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="328"/>
        <source>  Click a bar number to select it (shift+click extends)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="357"/>
        <source>Kit {kit}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="400"/>
        <source>Audition: {loop} ({role}, {meter}, {bars} bar; twice round)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="401"/>
        <source>Audition: {loop} ({role}, {meter}, {bars} bars; twice round)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="29"/>
        <source>&amp;New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="30"/>
        <source>&amp;Open...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="31"/>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="32"/>
        <source>Save &amp;As...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="33"/>
        <source>&amp;Import MIDI...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="33"/>
        <source>Add a MIDI file as a new pattern</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="35"/>
        <source>Open loop &amp;pack folder...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="36"/>
        <source>Open loop pack .&amp;zip...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="37"/>
        <source>Choose sound&amp;font...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="38"/>
        <source>A General MIDI .sf2/.sf3 with drum kits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="39"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="40"/>
        <source>&amp;Copy bars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="41"/>
        <source>&amp;Paste bars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="42"/>
        <source>C&amp;lear bars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="43"/>
        <source>&amp;Duplicate bars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="44"/>
        <source>Shift selection left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="45"/>
        <source>Shift selection right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="46"/>
        <source>Select &amp;all bars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="47"/>
        <source>&amp;Loop pack panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="48"/>
        <source>&amp;Beat map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="49"/>
        <source>Every bar of a collection on a map: hear, drag, sample, find similar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="50"/>
        <source>Zoom &amp;in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="52"/>
        <source>Zoom &amp;out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="53"/>
        <source>More bars in view (Ctrl+wheel over the grid)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="54"/>
        <source>&amp;Fit the pattern</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="55"/>
        <source>The whole pattern in the view where it fits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="56"/>
        <source>Play / Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="57"/>
        <source>Play the &amp;song</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="58"/>
        <source>The song strip&apos;s patterns in order instead of the loop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="60"/>
        <source>&amp;Metronome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="60"/>
        <source>A click, higher on beat 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="62"/>
        <location filename="../../ui/transport_bar.py" line="99"/>
        <source>One bar of clicks before playback starts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="61"/>
        <source>&amp;Count-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="51"/>
        <source>Wider steps (Ctrl+wheel over the grid)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="63"/>
        <source>&amp;Loop the selected bars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="64"/>
        <source>Only the bars selected on the ruler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="66"/>
        <source>Audio &amp;output...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="67"/>
        <source>Output, buffer size and latency; opens a lost device again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="68"/>
        <source>M&amp;IDI output...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="69"/>
        <source>Play a DAW&apos;s drum rack or a drum machine through JACK MIDI: port, channel, clock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="70"/>
        <source>MIDI i&amp;nput...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="71"/>
        <source>Record from pads or an e-kit through JACK MIDI: port, note map, overdub or replace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="72"/>
        <source>Follow MIDI c&amp;lock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="73"/>
        <source>Play waits for the MIDI clock&apos;s Start on the MIDI input and follows its tempo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="75"/>
        <source>Follow &amp;JACK transport</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="76"/>
        <source>Play and Stop start and stop the JACK transport; the beat plays where the transport is, in the DAW&apos;s tempo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="78"/>
        <source>Lead JACK &amp;transport</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="79"/>
        <source>As Follow JACK transport, and the DAW counts its bars in this pattern&apos;s tempo and meter (timebase master)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="81"/>
        <source>Ableton Lin&amp;k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="82"/>
        <source>Play in tempo and in phase with Live, Bitwig and every Link app on the network; a tempo you set goes to all of them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="84"/>
        <source>&amp;Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="85"/>
        <source>While Play runs, what is played on the MIDI input goes into the grid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="86"/>
        <source>&amp;Quantize</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="87"/>
        <source>Put the selected bars&apos; hits (all, without a selection) on the grid: a take recorded as played, or a file imported with its feel, loses its timing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="89"/>
        <source>&amp;Continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="90"/>
        <source>&amp;Fill selected bar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="91"/>
        <source>&amp;Infill selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="92"/>
        <source>&amp;Generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="93"/>
        <source>Add g&amp;host notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="94"/>
        <source>Soft snares where the drummer (the Drummer panel&apos;s style) would add them, every hit kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="95"/>
        <source>&amp;Interpolate...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="96"/>
        <source>Morph one pattern&apos;s bar into another&apos;s through the beat map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="97"/>
        <source>&amp;Drumify a MIDI part...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="98"/>
        <source>A beat (the Drummer panel&apos;s style) on the rhythm of a bass, chord or any part of a MIDI file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="100"/>
        <source>Previous variation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="101"/>
        <source>Next variation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="102"/>
        <source>Keep variation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="103"/>
        <source>Discard variations / clear selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="104"/>
        <source>&amp;Quick start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="105"/>
        <source>Five steps from an empty grid to a beat in your DAW</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="106"/>
        <source>&amp;About GrooveLoom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="107"/>
        <source>Version, the drummer&apos;s model, what it runs on, licenses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="112"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="115"/>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="117"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="118"/>
        <source>&amp;Transport</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="120"/>
        <source>&amp;Drummer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="123"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="152"/>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="100"/>
        <source>Loop sel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="101"/>
        <source>Loop only the selected bars (select bars on the ruler)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="109"/>
        <source> Vol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="34"/>
        <location filename="../../ui/transport_bar.py" line="146"/>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="34"/>
        <source>Moved what an older GrooveLoom kept to the grooveloom folders: {moves}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/audio_dialog.py" line="10"/>
        <source>System default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/audio_dialog.py" line="10"/>
        <source>None (silent: the clock runs, export works)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/audio_dialog.py" line="16"/>
        <source>{ms:.1f} ms at {rate} Hz (two periods of {frames} frames)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/audio_dialog.py" line="24"/>
        <source>Audio output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/audio_dialog.py" line="27"/>
        <source>Now: {output}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/audio_dialog.py" line="33"/>
        <source>Output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/audio_dialog.py" line="36"/>
        <source>{frames} frames</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/audio_dialog.py" line="38"/>
        <source>Buffer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/audio_dialog.py" line="40"/>
        <source>Latency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/audio_dialog.py" line="41"/>
        <source>JACK uses its server&apos;s buffer size; set it in the JACK server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/audio_dialog.py" line="45"/>
        <source>Open output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/audio_dialog.py" line="57"/>
        <source>none (no output)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/audio_dialog.py" line="58"/>
        <source>set by the JACK server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/autosave.py" line="63"/>
        <location filename="../../ui/main_window.py" line="334"/>
        <source>Autosaved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/autosave.py" line="67"/>
        <source>Autosave failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/autosave.py" line="82"/>
        <source>on {file}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/autosave.py" line="83"/>
        <source>on an untitled project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/autosave.py" line="84"/>
        <source>GrooveLoom did not close properly last time. Recover the unsaved work {what}, autosaved {when}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/autosave.py" line="91"/>
        <source>Cannot recover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/autosave.py" line="96"/>
        <source>Recovered unsaved work {what}; save it to keep it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_controller.py" line="19"/>
        <source>{bars} bars of the GMD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_controller.py" line="19"/>
        <source>{bars} bars of the GMD (from the cache)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_controller.py" line="20"/>
        <source>{bars} bars of the loop pack</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_controller.py" line="21"/>
        <source>{bars} bars of the loop pack (from the cache)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_controller.py" line="22"/>
        <source>{bars} bars of the project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_controller.py" line="23"/>
        <source>{bars} bars of the project (from the cache)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_controller.py" line="24"/>
        <source>{bars} bars of the GMD, the open pack and the project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_controller.py" line="25"/>
        <source>{bars} bars of the GMD, the open pack and the project (from the cache)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_controller.py" line="26"/>
        <source>the loop pack has no 4/4 bars on 16ths</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_controller.py" line="27"/>
        <source>the project has no 4/4 bars on 16ths</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_controller.py" line="28"/>
        <source>the GMD, the open pack and the project has no 4/4 bars on 16ths</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_controller.py" line="53"/>
        <source>Interpolate from {bar}: now right-click another bar &gt; Interpolate to this bar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_controller.py" line="64"/>
        <source>The beat map is unavailable: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_controller.py" line="71"/>
        <source>The beat map is loading ...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_controller.py" line="91"/>
        <source>No Groove MIDI Dataset at {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_controller.py" line="93"/>
        <location filename="../../ui/beatmap_controller.py" line="108"/>
        <source>Reading the Groove MIDI Dataset (the first time takes a while; then cached) ...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_controller.py" line="96"/>
        <location filename="../../ui/beatmap_controller.py" line="112"/>
        <location filename="../../ui/beatmap_controller.py" line="149"/>
        <location filename="../../ui/beatmap_controller.py" line="173"/>
        <source>Beat map: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_controller.py" line="99"/>
        <source>Open a loop pack first (File &gt; Open loop pack ...)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_controller.py" line="102"/>
        <source>pack {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_controller.py" line="103"/>
        <location filename="../../ui/files.py" line="73"/>
        <source>this project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_controller.py" line="151"/>
        <source>Put {source} from the map into bar {bar}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_controller.py" line="156"/>
        <source>Choose a collection for the map first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_controller.py" line="161"/>
        <source>Find similar reads 4/4 bars on 16ths or 32nds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_controller.py" line="169"/>
        <source>The {n} bars nearest to bar {bar}: {nearest} ...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_controller.py" line="190"/>
        <source>beats sampled from the map into bar {bar}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_controller.py" line="195"/>
        <location filename="../../ui/beatmap_controller.py" line="238"/>
        <source>{start} to {end}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_controller.py" line="201"/>
        <source>The drummer is busy; try again when it is done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_controller.py" line="204"/>
        <source>{name}, step {step} of {steps}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_controller.py" line="214"/>
        <source>interpolate {name} in {steps} bars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_controller.py" line="223"/>
        <location filename="../../ui/beatmap_controller.py" line="227"/>
        <location filename="../../ui/beatmap_controller.py" line="230"/>
        <source>Interpolate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_controller.py" line="223"/>
        <source>From which pattern (its first bar)?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_controller.py" line="227"/>
        <source>To which pattern (its first bar)?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_controller.py" line="230"/>
        <source>How many bars, both ends included?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_controller.py" line="236"/>
        <source>Interpolate needs 4/4 patterns on 16ths or 32nds with hits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_panel.py" line="98"/>
        <source>Choose a collection above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_panel.py" line="138"/>
        <source>... {n} more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_panel.py" line="210"/>
        <source>Sample new beats here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_panel.py" line="212"/>
        <source>Interpolate from this bar ...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_panel.py" line="214"/>
        <source>Interpolate to this bar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_panel.py" line="215"/>
        <source>Fit the map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_panel.py" line="247"/>
        <source>Groove MIDI Dataset (by style)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_panel.py" line="248"/>
        <source>The open loop pack (by role)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_panel.py" line="249"/>
        <source>This project&apos;s patterns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_panel.py" line="249"/>
        <source>All of them on one map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_panel.py" line="258"/>
        <source>Collection ...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_panel.py" line="260"/>
        <source>Find similar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_panel.py" line="261"/>
        <source>Mark the bars nearest to the bar selected in the grid (bar 1 without one)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_panel.py" line="275"/>
        <source>Rest on a point to hear it, click to put it into the selected bar, drag it onto the grid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_panel.py" line="283"/>
        <source>{bars:,} bars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/beatmap_panel.py" line="290"/>
        <source>Rest on a point to hear it (when the beat is not playing); click: into the selected bar; drag: onto a bar of the grid; right-click: sample here, interpolate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/document.py" line="102"/>
        <source>Untitled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/document.py" line="151"/>
        <source>New pattern</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/document.py" line="203"/>
        <source>Keep {pattern}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/document.py" line="205"/>
        <source>Keep generated bars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/edits.py" line="16"/>
        <source>Set tempo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/edits.py" line="16"/>
        <source>Set swing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/edits.py" line="22"/>
        <source>Meter {num}/{den}: every bar keeps its own hits from its downbeat; each ends in {extra} silent steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/edits.py" line="25"/>
        <source>Meter {num}/{den}: every bar keeps its own hits from its downbeat; {n} hit past the shorter bars removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/edits.py" line="28"/>
        <source>Meter {num}/{den}: every bar keeps its own hits from its downbeat; {n} hits past the shorter bars removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/edits.py" line="31"/>
        <source>Meter {num}/{den}: every bar keeps its own hits from its downbeat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/edits.py" line="55"/>
        <source>Copied bars {first}-{last}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/edits.py" line="60"/>
        <source>Paste bars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/edits.py" line="65"/>
        <source>Clear bars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/edits.py" line="71"/>
        <source>a pattern holds at most {bars} bars in the window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/edits.py" line="73"/>
        <source>Duplicate bars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/edits.py" line="80"/>
        <source>Nothing to quantize: every hit there is on the grid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/edits.py" line="82"/>
        <source>Quantize</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/edits.py" line="87"/>
        <source>Shift steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/edits.py" line="95"/>
        <source>Set {setting}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/edits.py" line="102"/>
        <source>{n} bars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/edits.py" line="110"/>
        <source>{n} hits do not fit the {grid} grid and will be removed (undo brings them back). Change the grid?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/edits.py" line="114"/>
        <source>Grid {grid}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/edits.py" line="125"/>
        <source>time signature &apos;{text}&apos;: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/edits.py" line="130"/>
        <source>In {num}/{den} each bar keeps its first {steps} steps: {n} hit after them will be removed (undo brings them back). Change the meter?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/edits.py" line="132"/>
        <source>In {num}/{den} each bar keeps its first {steps} steps: {n} hits after them will be removed (undo brings them back). Change the meter?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/edits.py" line="137"/>
        <source>Meter {num}/{den}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/edits.py" line="146"/>
        <source>Go to {pattern}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/edits.py" line="154"/>
        <location filename="../../ui/edits.py" line="158"/>
        <source>Rename pattern</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/edits.py" line="154"/>
        <location filename="../../ui/rows.py" line="88"/>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/edits.py" line="166"/>
        <source>Delete {pattern}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/edits.py" line="180"/>
        <source>Repeat {pattern} in the song</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/edits.py" line="182"/>
        <source>Add {pattern} to the song</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/edits.py" line="190"/>
        <source>Repeat in the song</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/edits.py" line="195"/>
        <source>Remove from the song</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/edits.py" line="200"/>
        <source>Reorder the song</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/edits.py" line="211"/>
        <source>Set humanize</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/generation.py" line="24"/>
        <source>the pattern already has {most} bars; delete some before continuing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/generation.py" line="26"/>
        <source>continue {bars} bars (a pattern holds {most} bars: {asked} asked)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/generation.py" line="27"/>
        <source>continue {bars} bars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/generation.py" line="33"/>
        <source>fill bar {bar}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/generation.py" line="39"/>
        <source>fills</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/generation.py" line="47"/>
        <source>infill</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/generation.py" line="52"/>
        <source>generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/generation.py" line="106"/>
        <source>The drummer is unavailable: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/generation.py" line="117"/>
        <source>loading the drummer ...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/generation.py" line="118"/>
        <source>generating ...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/generation.py" line="122"/>
        <source>Model: {arch}, validation {nll:.3f} nats/step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/generation.py" line="166"/>
        <source>{move} after {bars} bars of the song</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/generation.py" line="177"/>
        <source>Drumify plays 4/4 on 16ths or 32nds: set the pattern&apos;s grid and meter first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/generation.py" line="181"/>
        <source>{row} has no hits to play a beat on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/generation.py" line="190"/>
        <location filename="../../ui/generation.py" line="227"/>
        <source>drumify {row}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/generation.py" line="199"/>
        <source>Ghost notes are played on 16ths or 32nds: set the pattern&apos;s grid first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/generation.py" line="201"/>
        <source>ghost notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/generation.py" line="221"/>
        <source>Drummer: {n} beat at {bpm:g} BPM on the {onsets} onsets of {part}; Enter keeps, Esc discards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/generation.py" line="223"/>
        <source>Drummer: {n} beats at {bpm:g} BPM on the {onsets} onsets of {part}; Enter keeps, Esc discards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/generation.py" line="241"/>
        <source>Drummer: {move} ...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/generation.py" line="248"/>
        <source>Drummer: {n} variation; keep (Enter) or discard (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/generation.py" line="249"/>
        <source>Drummer: {n} variations; keep (Enter) or discard (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/generation.py" line="257"/>
        <source>Drummer: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/grid/cursor.py" line="62"/>
        <source>Add a hit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/grid/cursor.py" line="62"/>
        <location filename="../../ui/grid/view.py" line="42"/>
        <source>Clear step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/grid/cursor.py" line="102"/>
        <source>{row}, bar {bar} step {step}: hit, velocity {velocity}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/grid/cursor.py" line="103"/>
        <source>{row}, bar {bar} step {step}: empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/grid/cursor.py" line="114"/>
        <location filename="../../ui/grid/view.py" line="74"/>
        <source>Step grid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/grid/paint.py" line="114"/>
        <source>{meter}  {bpm:g} BPM  grid {grid}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/grid/paint.py" line="298"/>
        <location filename="../../ui/rolls_menu.py" line="50"/>
        <source>flam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/grid/view.py" line="41"/>
        <source>Accent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/grid/view.py" line="41"/>
        <source>Ghost note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/grid/view.py" line="42"/>
        <source>Normal hit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/grid/view.py" line="113"/>
        <source>{row}: GM note {note} ({gm})
volume {volume}%, velocity curve {curve:g}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/grid/view.py" line="117"/>
        <source> (yours)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/grid/view.py" line="117"/>
        <source> (the kit&apos;s balance:
the drummer&apos;s soft kicks brought up to sit with the snare)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/grid/view.py" line="119"/>
        <source>
Click the name for the row menu (Velocity curve...)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/grid/view.py" line="326"/>
        <source>{row} ({gm}), bar {bar}, beat {beat}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/grid/view.py" line="327"/>
        <source>{row} ({gm}), bar {bar}, beat {beat}, velocity {velocity}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/grid/view.py" line="333"/>
        <source>Paint steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/grid/view.py" line="333"/>
        <location filename="../../ui/grid/view.py" line="384"/>
        <source>Set velocity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/grid/view.py" line="427"/>
        <location filename="../../ui/rolls_menu.py" line="39"/>
        <source>Remove flam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/grid/view.py" line="427"/>
        <location filename="../../ui/rolls_menu.py" line="39"/>
        <location filename="../../ui/rolls_menu.py" line="96"/>
        <source>Flam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="10"/>
        <source>Draw a beat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="11"/>
        <source>Click a cell of the grid to add a hit (kick, snare, hats), click it again to remove it; drag along a row to paint; drag up or down with the right button to set a hit&apos;s velocity. Space plays it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="14"/>
        <source>Let the drummer continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="15"/>
        <source>Drummer &amp;gt; Continue (Ctrl+Return) writes the next bars, as a few variations; [ and ] browse them while it plays.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="17"/>
        <source>Keep one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="18"/>
        <source>Enter keeps the variation shown; Esc discards them all. Fill (Ctrl+F) writes a fill the same way, into the bar selected on the ruler (the last bar when none is).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="20"/>
        <source>Take it to your DAW</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="21"/>
        <source>Drag the &lt;b&gt;Drag MIDI&lt;/b&gt; handle onto a DAW track, or File &amp;gt; Export MIDI (Ctrl+E) / Export WAV.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="23"/>
        <source>Open a loop pack</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="24"/>
        <source>File &amp;gt; Open loop pack folder (Ctrl+Shift+O): audition loops, drop them on the grid, or Augment the pack into new loops.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="55"/>
        <source>Quick start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="59"/>
        <source>not loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="60"/>
        <source>About GrooveLoom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="36"/>
        <source>Note map of {pack}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="40"/>
        <source>learned from the pack&apos;s part files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="40"/>
        <location filename="../../ui/recording.py" line="19"/>
        <source>General MIDI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="40"/>
        <source>pad controller (pads)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="41"/>
        <source>MPC program (mpc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="41"/>
        <source>Ableton Drum Rack (ableton)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="42"/>
        <source>Read the pack&apos;s files with:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="45"/>
        <source>Pack note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="189"/>
        <location filename="../../ui/pack_dialogs.py" line="45"/>
        <location filename="../../ui/rows.py" line="98"/>
        <source>GM note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="45"/>
        <source>Ghost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="45"/>
        <source>Taught by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="47"/>
        <source>Ghost: the pad&apos;s hits are ghost notes (played loud, they are heard at the velocities of real drummers&apos; ghost notes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="51"/>
        <source>Load JSON...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="51"/>
        <source>Save JSON...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="57"/>
        <source>How one file was read:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="123"/>
        <source>row {row}: the GM note must be a number, got &apos;{text}&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="126"/>
        <source>row {row}: GM note {note} is outside 0-127</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="135"/>
        <source>Save note map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="135"/>
        <source>Note map (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="143"/>
        <source>Cannot save the note map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="146"/>
        <source>Load note map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="147"/>
        <source>Note map (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="153"/>
        <source>Cannot load the note map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="166"/>
        <location filename="../../ui/recording.py" line="175"/>
        <source>Note map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="177"/>
        <source>Augment pack</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="183"/>
        <source>New loops</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="184"/>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="192"/>
        <source>Parts to mix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="195"/>
        <source>The new loops and index.csv are written here, then opened as a pack</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="196"/>
        <source>Choose...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="200"/>
        <source>Write to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="214"/>
        <source>Write the new loops to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="222"/>
        <source>Choose a folder to write the new loops to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="227"/>
        <source>cannot write the new loops: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="243"/>
        <source>Augment: {loops} new loops written to {folder} (opened beside {pack}); {duplicates} duplicates and {dropped} weak or unplayable loops dropped; {stopped}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_dialogs.py" line="245"/>
        <source>Augment: {loops} new loops written to {folder} (opened beside {pack}); {duplicates} duplicates and {dropped} weak or unplayable loops dropped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/prompts.py" line="40"/>
        <source>Unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/prompts.py" line="41"/>
        <source>Save the changes to {name}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rolls_menu.py" line="14"/>
        <source>Flat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rolls_menu.py" line="14"/>
        <source>Up (crescendo)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rolls_menu.py" line="15"/>
        <source>Down (decrescendo)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rolls_menu.py" line="16"/>
        <source>flat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rolls_menu.py" line="16"/>
        <source>up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rolls_menu.py" line="16"/>
        <source>down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rolls_menu.py" line="31"/>
        <source>Roll x{count}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rolls_menu.py" line="31"/>
        <source>No roll</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rolls_menu.py" line="35"/>
        <source>Roll shape {shape}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rolls_menu.py" line="47"/>
        <source>roll x{count}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rolls_menu.py" line="48"/>
        <source>roll x{count} {shape}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rolls_menu.py" line="87"/>
        <source>Roll</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rolls_menu.py" line="87"/>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rolls_menu.py" line="89"/>
        <source>Shape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rolls_menu.py" line="94"/>
        <source>A shape ramps the repeats of a roll: pick x2 or more first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rolls_menu.py" line="100"/>
        <source>A softer grace note just before the hit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rows.py" line="22"/>
        <source>Bar {first} of {rows} replaced by {loop}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rows.py" line="23"/>
        <source>Bar {first} of {rows} replaced by {loop}; the pattern grew to {bars} bars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rows.py" line="25"/>
        <source>Bars {first}-{last} of {rows} replaced by {loop}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rows.py" line="26"/>
        <source>Bars {first}-{last} of {rows} replaced by {loop}; the pattern grew to {bars} bars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rows.py" line="46"/>
        <source>Mute {row}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rows.py" line="46"/>
        <source>Solo {row}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rows.py" line="52"/>
        <source>Lock {row}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rows.py" line="52"/>
        <source>Unlock {row}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rows.py" line="60"/>
        <source>Volume {row}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rows.py" line="65"/>
        <source>Move up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rows.py" line="65"/>
        <source>Move down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rows.py" line="66"/>
        <source>Rename...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rows.py" line="66"/>
        <source>Change GM note...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rows.py" line="67"/>
        <source>Remove {row}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rows.py" line="69"/>
        <source>Velocity curve...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rows.py" line="70"/>
        <source>Velocity curve: the kit&apos;s balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rows.py" line="73"/>
        <source>Drumify: a beat on {row}&apos;s rhythm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rows.py" line="80"/>
        <location filename="../../ui/rows.py" line="82"/>
        <source>Move row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rows.py" line="86"/>
        <source>Remove row {row}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rows.py" line="88"/>
        <location filename="../../ui/rows.py" line="90"/>
        <source>Rename row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rows.py" line="98"/>
        <source>GM note for {row}:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rows.py" line="101"/>
        <source>Change row note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rows.py" line="109"/>
        <source>Velocity curve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rows.py" line="110"/>
        <source>{row}: velocity curve
100 plays the velocities as written,
under 100 lifts soft hits, over 100 sinks them:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rows.py" line="121"/>
        <source>Velocity curve {row}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rows.py" line="121"/>
        <source>Kit&apos;s velocity curve {row}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rows.py" line="137"/>
        <source>Add row {row}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rows.py" line="153"/>
        <source>Drop {role} part</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/rows.py" line="154"/>
        <source>Drop loop {file}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sound.py" line="79"/>
        <location filename="../../ui/sound.py" line="128"/>
        <source>starting sound ...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sound.py" line="141"/>
        <source>Choose soundfont</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sound.py" line="142"/>
        <source>SoundFonts (*.sf2 *.sf3);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sound.py" line="144"/>
        <source>Cannot use this soundfont</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sound.py" line="155"/>
        <source>Opening audio output {output} ...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sound.py" line="155"/>
        <source>default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sound.py" line="171"/>
        <source>Sound: {soundfont}, kit {kit}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sound.py" line="175"/>
        <source>{why}; playback runs silently, export works</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sound.py" line="193"/>
        <source>no sound</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sound.py" line="195"/>
        <source>silent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sound.py" line="206"/>
        <source>Audio output &apos;{output}&apos; stopped responding (device gone or server stopped): playing on silently. Transport &gt; Audio output... opens it again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sound.py" line="217"/>
        <source>No sound: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sound.py" line="242"/>
        <source>Sound is still starting; press Play again in a moment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sound.py" line="287"/>
        <source>The song is empty: + Add in the song strip puts the pattern shown in it; until then Play loops the pattern</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sound.py" line="374"/>
        <source>Playback stopped: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sound.py" line="394"/>
        <source>The feel model is unavailable: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sound.py" line="445"/>
        <source>The drummer&apos;s feel could not be worked out: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sound.py" line="494"/>
        <source>No audio output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="105"/>
        <source>MIDI out to {port}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="108"/>
        <source>MIDI out: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="118"/>
        <source>MIDI out: &apos;{port}&apos; went away (its program closed or its device was unplugged); playback goes on. Transport &gt; MIDI output... connects again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="126"/>
        <source>MIDI → {port}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="199"/>
        <source>The channel this row goes out on; global: the Channel above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="248"/>
        <source>MIDI output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="253"/>
        <source>MIDI goes out through JACK: choose JACK in Transport &gt; Audio output... (a JACK server must run: jackd, QjackCtl or PipeWire&apos;s JACK).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="144"/>
        <source>Not connected (patch it in your JACK patchbay)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="24"/>
        <source>General MIDI (as drawn)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="25"/>
        <source>Pads from C1, in row order (Drum Rack, Maschine, MPC 2.11+)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="26"/>
        <source>MPC classic pads A01-A16, in row order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="148"/>
        <source>{port} (not there now)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="189"/>
        <source>Row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="189"/>
        <source>Out note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="219"/>
        <source>global ({channel})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="258"/>
        <source>Send to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="260"/>
        <source>General MIDI drums are on channel 10</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="284"/>
        <source>Fill the notes from a layout...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="289"/>
        <source>Pads from C1: the top row on C1 (36), the next on C#1 ..., as an empty Drum Rack, a Maschine group or an MPC&apos;s chromatic pads expect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="291"/>
        <source>Reset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="292"/>
        <source>Every row as drawn, on the channel above (the rows of other patterns too)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="294"/>
        <source>Load...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="294"/>
        <source>Save...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="301"/>
        <source>Each row&apos;s channel and note (for every project):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="320"/>
        <source>Save the MIDI out row map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="321"/>
        <source>Row map (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="329"/>
        <source>Cannot save the row map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="332"/>
        <source>Load a MIDI out row map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="333"/>
        <source>Row map (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="339"/>
        <source>Cannot load the row map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="189"/>
        <location filename="../../ui/midi_out.py" line="261"/>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="262"/>
        <source>Send MIDI clock, start and stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="265"/>
        <source>Play the internal drum kit too</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/midi_out.py" line="267"/>
        <source>Off: only the DAW&apos;s or the drum machine&apos;s sounds are heard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/recording.py" line="19"/>
        <source>Roland V-Drums (TD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/recording.py" line="20"/>
        <source>Alesis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/recording.py" line="20"/>
        <source>Pad controller (8 pads from C1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/recording.py" line="21"/>
        <source>MPC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/recording.py" line="21"/>
        <source>Ableton Drum Rack</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/recording.py" line="80"/>
        <source>MIDI in: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/recording.py" line="92"/>
        <source>MIDI in: &apos;{port}&apos; went away (its program closed or its device was unplugged); playback goes on. Transport &gt; MIDI input... connects again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/recording.py" line="99"/>
        <source>Recording reads MIDI through JACK: choose JACK in Transport &gt; Audio output..., then the pads in Transport &gt; MIDI input...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/recording.py" line="110"/>
        <source>Recording from {port}: play; Stop keeps the take</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/recording.py" line="111"/>
        <source>GrooveLoom:midi_in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/recording.py" line="113"/>
        <source>Record is off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/recording.py" line="137"/>
        <source>Recording: {n} hits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/recording.py" line="146"/>
        <source>Record take</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/recording.py" line="148"/>
        <source>Take: {n} hits kept (Ctrl+Z takes it back)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/recording.py" line="166"/>
        <source>MIDI input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/recording.py" line="169"/>
        <source>Record from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/recording.py" line="174"/>
        <source>Which drum each pad&apos;s note is: the layout of your e-kit or pads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/recording.py" line="177"/>
        <source>Overdub: add to what is there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/recording.py" line="178"/>
        <source>Replace the rows you play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/recording.py" line="180"/>
        <source>Recording</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/recording.py" line="181"/>
        <source>Hear the pads through the kit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/recording.py" line="184"/>
        <source>Quantize to the grid (off: every hit keeps its timing as played)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/recording.py" line="187"/>
        <source>Transport &gt; Record (Ctrl+R) arms recording; Play records, velocities kept; Stop keeps the take as one undo step. Edit &gt; Quantize puts a take kept as played on the grid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="17"/>
        <source>Following the JACK transport</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="17"/>
        <source>Leading the JACK transport</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="18"/>
        <source>Ableton Link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="70"/>
        <source>Ableton Link is off: {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="80"/>
        <source>{what} needs GrooveLoom playing through JACK: choose JACK in Transport &gt; Audio output... (a JACK server must run)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="90"/>
        <source>Ableton Link: no other peer yet, {bpm:.1f} BPM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="91"/>
        <source>Ableton Link: 1 other peer, {bpm:.1f} BPM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="92"/>
        <source>Ableton Link: {n} other peers, {bpm:.1f} BPM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="94"/>
        <source>Following JACK transport: {bpm:.1f} BPM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="95"/>
        <source>Following JACK transport: starting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="96"/>
        <source>Following JACK transport: stopped (Play or the DAW starts it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="98"/>
        <source>Following MIDI clock: {bpm:.1f} BPM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="100"/>
        <source>Following MIDI clock: waiting for Start (the clock runs at {bpm:.1f} BPM)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync.py" line="101"/>
        <source>Following MIDI clock: waiting for Start on the MIDI input</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
