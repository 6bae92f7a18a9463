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
        <location filename="../../engine/exports.py" line="66"/>
        <source>The song strip&apos;s arrangement as one WAV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../engine/exports.py" line="85"/>
        <source>Once, cymbals ring out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../engine/exports.py" line="86"/>
        <source>Once, cut at the loop&apos;s end (a seamless loop)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../engine/exports.py" line="87"/>
        <source>Twice, cymbals ring out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../engine/exports.py" line="88"/>
        <source>4 times, cymbals ring out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../engine/exports.py" line="89"/>
        <source>8 times, cymbals ring out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="30"/>
        <source>Drummer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="44"/>
        <source>Style</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="44"/>
        <source>Style the drummer plays</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="45"/>
        <source>Bars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="45"/>
        <source>Bars to continue ({range})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="46"/>
        <source>Variation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="46"/>
        <source>Continue: 0 = play my groove with small variations, 0.5 = vary like a drummer, 1 = go where you like</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="48"/>
        <source>Temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="48"/>
        <source>0 = safest, 1 = as trained, 2 = wild</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="49"/>
        <source>Variations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="50"/>
        <source>How many versions to write (browse them, keep one)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="63"/>
        <source>Continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="63"/>
        <source>Fill</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="63"/>
        <source>Infill selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="64"/>
        <source>Generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="69"/>
        <source>Fill every 4th bar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="92"/>
        <source>Previous variation ([)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="93"/>
        <source>Next variation (])</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="94"/>
        <source>Keep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="94"/>
        <source>Keep this variation (Enter); one undo step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="95"/>
        <source>Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/drummer_panel.py" line="95"/>
        <source>Discard the variations (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/files.py" line="231"/>
        <source>How much of {name}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="64"/>
        <source>The packs opened (and the ones Augment wrote); pick one to browse it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="69"/>
        <source>Open pack...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="70"/>
        <source>A folder of MIDI loops (searched recursively) or a .zip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="72"/>
        <source>Augment...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="73"/>
        <source>Recombine parts of the pack&apos;s loops into new loops</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="76"/>
        <source>Note map...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="77"/>
        <source>How this pack&apos;s kit loops are read: the map learned from its part files, a preset, or your own (edit, save and load as JSON)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="85"/>
        <source>No pack open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="97"/>
        <source>Click a loop to hear it; drag it onto the grid (onto a row: just that part).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="101"/>
        <source>Hear loops at their own tempo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="102"/>
        <source>On: a loop is heard at the tempo its file was made at (as its maker played it). Off: at the pattern&apos;s tempo. Dropped on the grid, it takes the pattern&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="118"/>
        <source>Folder of MIDI loops...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="119"/>
        <source>.zip of MIDI loops...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/pack_browser.py" line="214"/>
        <source>Meter...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/patterns_bar.py" line="23"/>
        <source>Drag this into your DAW or a folder: the pattern as a General MIDI drum file</source>
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
        <location filename="../../ui/patterns_bar.py" line="67"/>
        <source> bars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/patterns_bar.py" line="68"/>
        <source>Pattern length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/patterns_bar.py" line="73"/>
        <source>Grid resolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/patterns_bar.py" line="78"/>
        <source>Time signature (type any n/d)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/song_strip.py" line="24"/>
        <location filename="../../ui/transport_bar.py" line="48"/>
        <source>Song</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/song_strip.py" line="37"/>
        <source>The song: patterns in playing order. Drag to reorder, double-click to edit a pattern</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="43"/>
        <location filename="../../ui/transport_bar.py" line="126"/>
        <source>Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="46"/>
        <source>Play / stop (Space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="48"/>
        <source>Play the song (the strip above the grid: its patterns in order, each repeated) instead of looping the pattern; the grid follows the pattern playing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="51"/>
        <source> BPM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="52"/>
        <source>Tempo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="54"/>
        <source>% sw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="55"/>
        <source>MPC-style swing on 16ths: 50% straight, 66% triplet feel, 75% dotted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="58"/>
        <source> ms hum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="59"/>
        <source>Humanize: random timing (+-ms) and velocity, seeded (same every loop pass)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="61"/>
        <source>% feel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="63"/>
        <source>Feel: each hit&apos;s timing and velocity as a GMD drummer of the chosen style plays them (a trained model; 0% = the grid as drawn). Heard, rendered and exported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="67"/>
        <source>Whose feel: a drummer of this style</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="73"/>
        <source>Drum kit (bank 128 presets of the soundfont)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="79"/>
        <source>Master volume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="81"/>
        <source>Click</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="81"/>
        <source>Metronome (higher click on beat 1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="82"/>
        <source>Count-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="28"/>
        <source>&amp;New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="29"/>
        <source>&amp;Open...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="30"/>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="31"/>
        <source>Save &amp;As...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="32"/>
        <source>&amp;Import MIDI...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="32"/>
        <source>Add a MIDI file as a new pattern</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="34"/>
        <source>Open loop &amp;pack folder...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="35"/>
        <source>Open loop pack .&amp;zip...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="36"/>
        <source>Choose sound&amp;font...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="37"/>
        <source>A General MIDI .sf2/.sf3 with drum kits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="38"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="39"/>
        <source>&amp;Copy bars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="40"/>
        <source>&amp;Paste bars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="41"/>
        <source>C&amp;lear bars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="42"/>
        <source>&amp;Duplicate bars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="43"/>
        <source>Shift selection left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="44"/>
        <source>Shift selection right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="45"/>
        <source>Select &amp;all bars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="46"/>
        <source>&amp;Loop pack panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="47"/>
        <source>&amp;Beat map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="48"/>
        <source>Every bar of a collection on a map: hear, drag, sample, find similar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="49"/>
        <source>Zoom &amp;in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="50"/>
        <source>Ctrl+=</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="51"/>
        <source>Zoom &amp;out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="52"/>
        <source>More bars in view (Ctrl+wheel over the grid)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="53"/>
        <source>&amp;Fit the pattern</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="54"/>
        <source>The whole pattern in the view where it fits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="55"/>
        <source>Play / Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="56"/>
        <source>Play the &amp;song</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="57"/>
        <source>The song strip&apos;s patterns in order instead of the loop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="59"/>
        <source>&amp;Metronome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="59"/>
        <source>A click, higher on beat 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="61"/>
        <location filename="../../ui/transport_bar.py" line="82"/>
        <source>One bar of clicks before playback starts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="60"/>
        <source>&amp;Count-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="62"/>
        <source>&amp;Loop the selected bars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="63"/>
        <source>Only the bars selected on the ruler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="65"/>
        <source>Audio &amp;output...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="66"/>
        <source>Output, buffer size and latency; opens a lost device again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="67"/>
        <source>&amp;Continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="68"/>
        <source>&amp;Fill selected bar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="69"/>
        <source>&amp;Infill selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="70"/>
        <source>&amp;Generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="71"/>
        <source>Add g&amp;host notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="72"/>
        <source>Soft snares where the drummer (the Drummer panel&apos;s style) would add them, every hit kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="73"/>
        <source>&amp;Interpolate...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="74"/>
        <source>Morph one pattern&apos;s bar into another&apos;s through the beat map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="75"/>
        <source>&amp;Drumify a MIDI part...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="76"/>
        <source>A beat (the Drummer panel&apos;s style) on the rhythm of a bass, chord or any part of a MIDI file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="78"/>
        <source>Previous variation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="79"/>
        <source>Next variation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="80"/>
        <source>Keep variation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="81"/>
        <source>Discard variations / clear selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="82"/>
        <source>&amp;Quick start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="83"/>
        <source>Five steps from an empty grid to a beat in your DAW</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="84"/>
        <source>&amp;About GrooveLoom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="85"/>
        <source>Version, the drummer&apos;s model, what it runs on, licenses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="90"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="93"/>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="95"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="96"/>
        <source>&amp;Transport</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="98"/>
        <source>&amp;Drummer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="101"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="126"/>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="83"/>
        <source>Loop sel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="90"/>
        <source> Vol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/transport_bar.py" line="126"/>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
